/**
 * Backup health of a PostgreSQL cluster. With the barman-cloud plugin the
 * Cluster's own backup timestamps are not set; the recovery window lives in
 * ObjectStore.status.serverRecoveryWindow, and archiving health in the
 * Cluster's ContinuousArchiving and LastBackupSucceeded conditions.
 */
import type { BackupStatus } from '../../../api/database-cluster.js'
import { findCondition } from '../../shared/conditions.js'
import { field, stringField } from '../../shared/observed.js'

export interface BackupFacts {
  configured: boolean
  storageClassName: string | undefined
  serverName: string
  clusterStatus: unknown
  objectStoreStatus: unknown
}

function conditionStatus(value: unknown): 'True' | 'False' | 'Unknown' | undefined {
  return value === 'True' || value === 'False' || value === 'Unknown' ? value : undefined
}

export function backupStatus(f: BackupFacts): BackupStatus {
  if (!f.configured) return { configured: false }
  const result: BackupStatus = { configured: true }
  if (f.storageClassName !== undefined) result.storageClassName = f.storageClassName
  const window = field(f.objectStoreStatus, 'serverRecoveryWindow', f.serverName)
  const first = stringField(window, 'firstRecoverabilityPoint')
  const lastOk = stringField(window, 'lastSuccessfulBackupTime')
  const lastFailed = stringField(window, 'lastFailedBackupTime')
  if (lastOk !== undefined) result.lastSuccessfulBackup = lastOk
  if (lastFailed !== undefined) result.lastFailedBackup = lastFailed
  if (first !== undefined) result.firstRecoverabilityPoint = first
  const conditions = field(f.clusterStatus, 'conditions')
  const archiving = conditionStatus(findCondition(conditions, 'ContinuousArchiving')?.status)
  if (archiving !== undefined) result.continuousArchiving = archiving
  const lastBackup = findCondition(conditions, 'LastBackupSucceeded')
  if (lastBackup?.status === 'False') {
    result.message = `last backup failed: ${typeof lastBackup.message === 'string' ? lastBackup.message : 'no message'}`
  } else if (archiving === 'False') {
    const msg = findCondition(conditions, 'ContinuousArchiving')?.message
    result.message = `WAL archiving failing: ${typeof msg === 'string' ? msg : 'no message'}`
  }
  return result
}
