/**
 * The operator's PerconaXtraDBClusterBackup objects, read as related objects:
 * backup health of this cluster, and the backups a restore can start from.
 * States (pxc_backup_types.go): "", Suspended, Starting, Running, Failed,
 * Succeeded.
 */
import type { KObject, ObjectMap } from '../shared/kube.js'
import { objectsOf, stringField } from '../shared/observed.js'
import { PXC_API, PXC_BACKUP_KIND } from './child-types.js'

export const SUCCEEDED = 'Succeeded'
export const FAILED = 'Failed'

export function pxcBackups(related: ObjectMap): KObject[] {
  return objectsOf(related, PXC_API, PXC_BACKUP_KIND)
}

export function backupsOfCluster(related: ObjectMap, pxcName: string, namespace: string): KObject[] {
  return pxcBackups(related).filter((b) => stringField(b, 'spec', 'pxcCluster') === pxcName && b.metadata.namespace === namespace)
}

export function backupState(backup: KObject): string {
  return stringField(backup, 'status', 'state') ?? ''
}

/** When a backup finished (or, for one that did not, when it was scheduled or created). */
export function backupTime(backup: KObject): string | undefined {
  return stringField(backup, 'status', 'completed') ?? stringField(backup, 'status', 'lastscheduled') ?? stringField(backup, 'metadata', 'creationTimestamp')
}

/** Succeeded backups, newest first (ties broken by name, so the order is stable). */
export function succeededNewestFirst(backups: readonly KObject[]): KObject[] {
  return backups
    .filter((b) => backupState(b) === SUCCEEDED && stringField(b, 'status', 'destination') !== undefined)
    .sort((a, b) => (backupTime(b) ?? '').localeCompare(backupTime(a) ?? '') || a.metadata.name.localeCompare(b.metadata.name))
}

export function findBackup(related: ObjectMap, name: string, namespace: string): KObject | undefined {
  return pxcBackups(related).find((b) => b.metadata.name === name && b.metadata.namespace === namespace)
}
