/**
 * Where a restore into this cluster comes from. Percona restores in place, so
 * the cluster is created first and the Restore object follows once the
 * cluster is ready (see steps/data-source.ts): a named backup of this
 * namespace, or the newest successful backup of another DatabaseCluster.
 */
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import type { KObject } from '../shared/kube.js'
import { field, objectsOf, stringField } from '../shared/observed.js'
import type { Lookup } from '../shared/related.js'
import { PXC_API } from './child-types.js'

export interface MysqlRestore {
  description: string
  spec: Record<string, unknown>
}

export const PXC_BACKUP_KIND = 'PerconaXtraDBClusterBackup'

function perconaDate(iso: string): string {
  return iso.replace('T', ' ').replace(/(\.\d+)?(Z|[+-]\d\d:\d\d)$/, '')
}

function newestBackupOf(input: ClusterInput, source: string): KObject | undefined {
  return objectsOf(input.related, PXC_API, PXC_BACKUP_KIND)
    .filter((b) => stringField(b, 'spec', 'pxcCluster') === source && stringField(b, 'status', 'state') === 'Succeeded')
    .sort((a, b) => (stringField(b, 'status', 'completed') ?? '').localeCompare(stringField(a, 'status', 'completed') ?? ''))[0]
}

function pitr(input: ClusterInput): Lookup<Record<string, unknown>> {
  const at = input.cluster.spec.dataSource?.pointInTime
  if (at === undefined) return { ok: true, value: {} }
  const storage = input.cluster.spec.backup?.location
  if (input.cluster.spec.backup === undefined) return { ok: false, reason: 'PointInTimeNeedsBackup', message: 'a point-in-time restore reads binlogs from the cluster\'s own backup storage: configure spec.backup' }
  return { ok: true, value: { pitr: { type: 'date', date: perconaDate(at), ...(storage === undefined ? {} : { backupSource: { storageName: storage } }) } } }
}

export function resolveRestore(input: ClusterInput): Lookup<MysqlRestore | undefined> {
  const ds = input.cluster.spec.dataSource
  if (ds === undefined) return { ok: true, value: undefined }
  const time = pitr(input)
  if (!time.ok) return time
  const base = { pxcCluster: input.cluster.name, ...time.value }
  if (ds.backupName !== undefined) return { ok: true, value: { description: `backup ${ds.backupName}`, spec: { ...base, backupName: ds.backupName } } }
  if (ds.clusterName !== undefined) {
    const backup = newestBackupOf(input, ds.clusterName)
    if (backup === undefined) return { ok: false, reason: 'DataSourceHasNoBackups', message: `DatabaseCluster ${ds.clusterName} has no successful backup to clone from yet` }
    const s3 = field(backup, 'status', 's3')
    const destination = stringField(backup, 'status', 'destination') ?? ''
    return { ok: true, value: { description: `clone of DatabaseCluster ${ds.clusterName} (backup ${backup.metadata.name})`, spec: { ...base, backupSource: { destination, ...(typeof s3 === 'object' && s3 !== null ? { s3 } : {}) } } } }
  }
  return { ok: false, reason: 'RestoreSourceUnsupported', message: 'mysql restores a named backup (dataSource.backupName) or clones a DatabaseCluster (dataSource.clusterName); restoring straight from storage needs the backup\'s path, which the storage class alone does not give' }
}
