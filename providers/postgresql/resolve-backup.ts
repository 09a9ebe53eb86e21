/** The backup storage of a PostgreSQL cluster, from its spec and the related storage class. */
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import { type Lookup, lookupStorageClass, pickLocation } from '../shared/related.js'
import { barmanCanUse, locationCredentials } from './location.js'
import type { PgBackup } from './resolve.js'

export const DEFAULT_RETENTION_DAYS = 30

export function resolveBackup(input: ClusterInput): Lookup<PgBackup | undefined> {
  const { spec, name } = input.cluster
  const backup = spec.backup
  if (backup === undefined) return { ok: true, value: undefined }
  if (!backup.pointInTimeRecovery) {
    return { ok: false, reason: 'UnsupportedBackupSetting', message: 'postgresql backups through barman-cloud always archive WAL: pointInTimeRecovery cannot be false' }
  }
  const counted = backup.schedules.filter((s) => s.retentionCopies !== undefined).map((s) => s.name)
  if (counted.length > 0) {
    return { ok: false, reason: 'UnsupportedBackupSetting', message: `postgresql retention is time-based: use backup.retentionDays instead of retentionCopies (schedules ${counted.join(', ')})` }
  }
  const storageClass = lookupStorageClass(input.related, backup.storageClassName)
  if (!storageClass.ok) return storageClass
  const location = pickLocation(storageClass.value, backup.location, barmanCanUse, 'postgresql (barman-cloud)')
  if (!location.ok) return location
  const credentials = locationCredentials(input.related, location.value)
  if (!credentials.ok) return credentials
  return {
    ok: true,
    value: {
      storageClassName: backup.storageClassName,
      location: location.value,
      serverName: backup.serverName ?? name,
      retentionPolicy: `${backup.retentionDays ?? DEFAULT_RETENTION_DAYS}d`,
      credentials: credentials.value,
    },
  }
}
