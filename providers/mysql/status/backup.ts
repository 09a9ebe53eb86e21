/**
 * Backup health of a MySQL cluster from the operator's backup objects of this
 * cluster, scheduled and on-demand alike. Binlog archiving is judged on the
 * newest successful backup, as the operator does: it marks that backup's
 * `PITRReady` condition False when the collector finds a gap (pitr.go), and
 * records how far binlogs reach in its `latestRestorableTime`.
 */
import type { BackupStatus } from '../../../api/database-cluster.js'
import { findCondition } from '../../shared/conditions.js'
import type { KObject } from '../../shared/kube.js'
import { field, stringField } from '../../shared/observed.js'
import { FAILED, backupState, backupTime, succeededNewestFirst } from '../backups.js'

export interface BackupFacts {
  configured: boolean
  storageClassName: string | undefined
  pointInTimeRecovery: boolean
  backups: readonly KObject[]
}

function newest(times: (string | undefined)[]): string | undefined {
  return times.filter((t): t is string => t !== undefined && t !== '').sort().pop()
}

function archiving(latest: KObject | undefined): Pick<BackupStatus, 'continuousArchiving' | 'message'> {
  if (latest === undefined) return { continuousArchiving: 'Unknown' }
  const ready = findCondition(field(latest, 'status', 'conditions'), 'PITRReady')
  if (ready?.status === 'False') {
    return { continuousArchiving: 'False', message: `binlog archiving after backup ${latest.metadata.name}: ${typeof ready.message === 'string' ? ready.message : 'not ready'}` }
  }
  return { continuousArchiving: stringField(latest, 'status', 'latestRestorableTime') === undefined ? 'Unknown' : 'True' }
}

export function backupStatus(f: BackupFacts): BackupStatus {
  if (!f.configured) return { configured: false }
  const result: BackupStatus = { configured: true }
  if (f.storageClassName !== undefined) result.storageClassName = f.storageClassName
  const succeeded = succeededNewestFirst(f.backups)
  const latest = succeeded[0]
  const lastOk = latest === undefined ? undefined : backupTime(latest)
  const oldestOk = stringField(succeeded[succeeded.length - 1], 'status', 'completed')
  const lastFailed = newest(f.backups.filter((b) => backupState(b) === FAILED).map(backupTime))
  if (lastOk !== undefined) result.lastSuccessfulBackup = lastOk
  if (lastFailed !== undefined) result.lastFailedBackup = lastFailed
  if (oldestOk !== undefined) result.firstRecoverabilityPoint = oldestOk
  if (f.pointInTimeRecovery) Object.assign(result, archiving(latest))
  return result
}
