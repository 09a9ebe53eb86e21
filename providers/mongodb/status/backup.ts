/**
 * Backup health from the operator's PerconaServerMongoDBBackup objects of
 * this cluster (state `ready` or `error`, with `completed`, `lastWriteAt`,
 * `lastTransition` and `error`): the newest success and failure, the oldest
 * moment a kept backup can restore to, and why the newest backup failed when
 * it did.
 */
import { withStorageName } from '../../percona/main-storage.js'
import type { BackupStatus } from '../../../api/database-cluster.js'
import type { ClusterInput } from '../../database-cluster/engine-provider.js'
import type { KObject } from '../../shared/kube.js'
import { stringField } from '../../shared/observed.js'
import { completedAt, readyBackups } from '../backups.js'
import { observedPsmdb, relatedBackups } from '../observed.js'

const failedAt = (b: KObject) => stringField(b, 'status', 'lastTransition') ?? stringField(b, 'status', 'start')

function newestFailure(backups: readonly KObject[]): KObject | undefined {
  return backups
    .filter((b) => stringField(b, 'status', 'state') === 'error' && failedAt(b) !== undefined)
    .sort((a, b) => (failedAt(b) ?? '').localeCompare(failedAt(a) ?? '') || a.metadata.name.localeCompare(b.metadata.name))[0]
}

function withSuccesses(result: BackupStatus, backups: readonly KObject[]): BackupStatus {
  const ready = readyBackups(backups)
  const newest = ready[0]
  const oldest = ready[ready.length - 1]
  const lastOk = newest === undefined ? undefined : completedAt(newest)
  const first = oldest === undefined ? undefined : (stringField(oldest, 'status', 'lastWriteAt') ?? completedAt(oldest))
  return { ...result, ...(lastOk === undefined ? {} : { lastSuccessfulBackup: lastOk }), ...(first === undefined ? {} : { firstRecoverabilityPoint: first }) }
}

function withFailure(result: BackupStatus, backups: readonly KObject[]): BackupStatus {
  const failed = newestFailure(backups)
  const at = failed === undefined ? undefined : failedAt(failed)
  if (failed === undefined || at === undefined) return result
  const newer = result.lastSuccessfulBackup === undefined || at > result.lastSuccessfulBackup
  const message = `backup ${failed.metadata.name} failed: ${stringField(failed, 'status', 'error') ?? 'no error reported'}`
  return { ...result, lastFailedBackup: at, ...(newer ? { message } : {}) }
}

export function backupHealth(input: ClusterInput): BackupStatus {
  const { spec, name } = input.cluster
  if (spec.backup === undefined) return { configured: false }
  const mine = relatedBackups(input).filter((b) => stringField(b, 'spec', 'clusterName') === name)
  return withStorageName(withFailure(withSuccesses({ configured: true, storageClassName: spec.backup.storageClassName }, mine), mine), observedPsmdb(input))
}
