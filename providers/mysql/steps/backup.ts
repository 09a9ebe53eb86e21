/**
 * Step 6, backup: one S3 storage named after the location, the credentials it
 * needs copied into the namespace, one schedule per enabled schedule (five
 * fields, as the operator's cron takes them) keeping `retentionCopies`
 * backups, and the binlog collector for point-in-time recovery, uploading to
 * the same storage. PXC schedules cannot be suspended: a disabled schedule is
 * left out.
 */
import type { BackupSchedule } from '../../../api/database-cluster.js'
import { buildCredentialsSecret } from '../../shared/credentials-secret.js'
import { clusterLabels } from '../../shared/labels.js'
import { mysqlNames } from '../names.js'
import type { Desired, Step } from '../pipeline.js'
import { withExtras, withSpec } from '../pipeline.js'
import { DEFAULT_RETENTION_COPIES } from '../resolve-backup.js'
import { containerOptions, s3Block } from '../storage.js'

export const PITR_UPLOAD_SECONDS = 60

function schedule(s: BackupSchedule, storageName: string): Record<string, unknown> {
  return { name: s.name, schedule: s.schedule.trim().split(/\s+/).join(' '), storageName, retention: { type: 'count', count: s.retentionCopies ?? DEFAULT_RETENTION_COPIES, deleteFromStorage: true } }
}

export const backup: Step = (desired, { cluster, resolved }): Desired => {
  const b = resolved.backup
  const spec = cluster.spec.backup
  if (b === undefined || spec === undefined) return desired
  const { name, namespace } = cluster
  const secretName = mysqlNames.backupCredentials(name)
  const creds = b.storage.credentials
  const next = withSpec(desired, {
    backup: {
      image: resolved.components.backup,
      storages: {
        [b.storageName]: { type: 's3', verifyTLS: !b.storage.location.s3.insecureSkipTLSVerify, s3: s3Block(b.storage, secretName), ...containerOptions(b.storage) },
      },
      pitr: b.pointInTimeRecovery ? { enabled: true, storageName: b.storageName, timeBetweenUploads: PITR_UPLOAD_SECONDS, timeoutSeconds: PITR_UPLOAD_SECONDS } : { enabled: false },
      schedule: spec.schedules.filter((s) => s.enabled).map((s) => schedule(s, b.storageName)),
    },
  })
  return creds === undefined ? next : withExtras(next, [buildCredentialsSecret(secretName, namespace, clusterLabels(name, 'mysql', 'backup'), creds)])
}
