/**
 * Step 6, backup: PBM agents next to the members, the storage from the
 * DatabaseBackupStorageClass (credentials copied into the namespace), one
 * task per schedule (five-field cron, logical backups, count-based retention
 * that also deletes from storage) and, with point-in-time recovery, oplog
 * chunks uploaded every 10 minutes. A cluster created to be restored into
 * gets the agents even without backups of its own: the restore needs them.
 */
import type { BackupSpec } from '../../../api/database-cluster.js'
import { buildCredentialsSecret } from '../../shared/credentials-secret.js'
import { clusterLabels } from '../../shared/labels.js'
import { PBM_IMAGE } from '../images.js'
import { mongoNames } from '../names.js'
import type { Desired, Step } from '../pipeline.js'
import { withExtras, withSpec } from '../pipeline.js'
import type { MongoStorage } from '../resolve-storage.js'

/** Backups kept per schedule when retentionCopies is not set. */
export const DEFAULT_RETENTION_COPIES = 7
const OPLOG_SPAN_MINUTES = 10

function tasks(b: BackupSpec, storage: MongoStorage): Record<string, unknown>[] {
  return b.schedules.map((s) => ({
    name: s.name,
    enabled: s.enabled,
    schedule: s.schedule,
    storageName: storage.name,
    type: 'logical',
    compressionType: storage.compression,
    retention: { type: 'count', count: s.retentionCopies ?? DEFAULT_RETENTION_COPIES, deleteFromStorage: true },
  }))
}

export const backup: Step = (desired, { cluster, resolved }): Desired => {
  const b = cluster.spec.backup
  const { storage } = resolved
  if (b === undefined && !resolved.restore.wanted) return desired
  const agents = { enabled: true, image: PBM_IMAGE }
  if (b === undefined || storage === undefined) return withSpec(desired, { backup: agents })
  const { name, namespace } = cluster
  const secrets = storage.secretData === undefined ? [] : [buildCredentialsSecret(mongoNames.backupCredentials(name), namespace, clusterLabels(name, 'mongodb', 'backup'), storage.secretData)]
  const spec = {
    ...agents,
    storages: { [storage.name]: { main: true, ...storage.entry } },
    pitr: { enabled: b.pointInTimeRecovery, oplogSpanMin: OPLOG_SPAN_MINUTES, compressionType: storage.compression },
    tasks: tasks(b, storage),
  }
  return withExtras(withSpec(desired, { backup: spec }), secrets)
}
