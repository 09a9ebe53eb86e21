/** Builders for DatabaseBackup tests. */
import { CONTROLLERS } from '../../providers/controllers.js'
import { syncDatabaseBackup } from '../../providers/database-backup/sync.js'
import type { CompositeSyncRequest, CompositeSyncResponse, KObject } from '../../providers/shared/kube.js'
import { CTX, credentialsSecret, storageClass } from './clusters.js'
import { type ChildRule, childrenMap, compositeController, relatedMap } from './metacontroller.js'
import type { ReconcileContext } from '../../providers/shared/context.js'

export const BACKUP_RULES: ChildRule[] = CONTROLLERS.find((c) => c.name === 'databasebackup')!.childTypes().map((t) => ({ apiVersion: t.apiVersion, kind: t.kind, resource: t.resource }))
export const BACKUP_CONTROLLER = compositeController('dbaas-databasebackup', BACKUP_RULES)

export const PG_BACKUP_SPEC = {
  engine: 'postgresql',
  target: { connection: { host: 'pg.team-a.svc', port: 5432, credentialsSecretRef: { name: 'pg-dumper' } }, databases: ['app'] },
  storageClassName: 'offsite',
  schedule: '6h',
  retention: { maxAge: '30d', keep: { last: 4, daily: 7, weekly: 4, monthly: 12, yearly: 3 } },
}

export function databaseBackup(name: string, spec: Record<string, unknown>, extra: { generation?: number; status?: Record<string, unknown> } = {}): KObject {
  const obj: KObject = {
    apiVersion: 'backup.dbaas.io/v1alpha1',
    kind: 'DatabaseBackup',
    metadata: { name, namespace: 'team-a', uid: `uid-${name}`, generation: extra.generation ?? 1, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec,
  }
  if (extra.status !== undefined) obj.status = extra.status
  return obj
}

export const OFFSITE = storageClass('offsite', [
  { name: 's3-eu', s3: { bucket: 'backups-eu', region: 'eu-central-1', endpoint: 'https://minio.storage:9000', forcePathStyle: true, credentialsSecretRef: { name: 'minio', namespace: 'dbaas-system' } } },
  { name: 'gcs-us', gcs: { bucket: 'backups-us', prefix: 'db', credentialsSecretRef: { name: 'gcs', namespace: 'dbaas-system' } } },
  { name: 'nfs', filesystem: { claimName: 'backup-volume', path: '/dumps' } },
])
export const OFFSITE_WITH_KEY = { ...OFFSITE, spec: { ...(OFFSITE.spec as object), compression: 'zstd', encryptionKeySecretRef: { name: 'backup-key', namespace: 'dbaas-system' } } }
export const MINIO_SECRET = credentialsSecret('minio', { AWS_ACCESS_KEY_ID: 'minio-user', AWS_SECRET_ACCESS_KEY: 'minio-password' })
export const GCS_SECRET = credentialsSecret('gcs', { GOOGLE_APPLICATION_CREDENTIALS_JSON: '{"type":"service_account"}' })
export const KEY_SECRET = credentialsSecret('backup-key', { ENCRYPTION_KEY: 'k'.repeat(44) })
export const BACKUP_RELATED = [OFFSITE, MINIO_SECRET, GCS_SECRET]

export function backupRequest(parent: KObject, children: KObject[] = [], related: KObject[] = BACKUP_RELATED): CompositeSyncRequest {
  return { controller: BACKUP_CONTROLLER, parent, children: childrenMap(BACKUP_RULES, children), related: relatedMap(related), finalizing: false }
}

export function syncBackup(parent: KObject, children: KObject[] = [], related: KObject[] = BACKUP_RELATED, ctx: ReconcileContext = CTX): CompositeSyncResponse {
  return syncDatabaseBackup(backupRequest(parent, children, related), ctx)
}

export function reportConfigMap(name: string, report: Record<string, unknown>): Record<string, unknown> {
  return { 'report.json': JSON.stringify(report) }
}
