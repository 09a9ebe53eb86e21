/**
 * The backup storage of a MySQL cluster, from its spec and the related storage
 * class. Retention counts backups per schedule (7 when not given); binlog
 * point-in-time recovery uploads from the same location.
 */
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import type { Lookup } from '../shared/related.js'
import { type PxcStorage, resolveStorage } from './storage.js'

export const DEFAULT_RETENTION_COPIES = 7

export interface MysqlBackup {
  storage: PxcStorage
  /** Storage name in `spec.backup.storages`: the location's name. */
  storageName: string
  pointInTimeRecovery: boolean
}

export function resolveBackup(input: ClusterInput): Lookup<MysqlBackup | undefined> {
  const { spec, name, namespace } = input.cluster
  const backup = spec.backup
  if (backup === undefined) return { ok: true, value: undefined }
  if (backup.retentionDays !== undefined) {
    return { ok: false, reason: 'UnsupportedBackupSetting', message: 'mysql retention counts backups: use backup.schedules[].retentionCopies instead of retentionDays' }
  }
  const storage = resolveStorage(input.related, backup.storageClassName, backup.location, namespace, backup.serverName ?? name)
  if (!storage.ok) return storage
  if (backup.pointInTimeRecovery && storage.value.credentials === undefined) {
    return {
      ok: false,
      reason: 'UnsupportedBackupSetting',
      message: `location ${storage.value.location.name} has no credentials Secret, and the PXC binlog collector only authenticates with an access key: add credentialsSecretRef to the location or set backup.pointInTimeRecovery: false`,
    }
  }
  return { ok: true, value: { storage: storage.value, storageName: storage.value.location.name, pointInTimeRecovery: backup.pointInTimeRecovery } }
}
