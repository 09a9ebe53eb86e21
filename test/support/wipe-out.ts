/** Fixtures for `deletionPolicy: WipeOut`: storage classes, related objects and a parsed cluster. */
import { parseCluster } from '../../providers/database-cluster/parse.js'
import type { ClusterObject } from '../../providers/database-cluster/engine-provider.js'
import type { KObject } from '../../providers/shared/kube.js'
import { databaseBackup } from './backups.js'
import { credentialsSecret, databaseCluster, S3_CLASS, S3_SECRET, storageClass } from './clusters.js'

export const NS = 'team-a'

export const DUMPS_CLASS = storageClass('dumps', [
  { name: 'minio', s3: { bucket: 'dumps', endpoint: 'https://minio.example:9000', forcePathStyle: true, credentialsSecretRef: { name: 'minio', namespace: 'dbaas-system' } } },
  { name: 'nfs', filesystem: { claimName: 'backup-nfs', path: '/dumps' } },
])
export const MINIO = credentialsSecret('minio', { AWS_ACCESS_KEY_ID: 'minio-user', AWS_SECRET_ACCESS_KEY: 'minio-password' })
export const GCS_CLASS = storageClass('gcs', [{ name: 'eu', gcs: { bucket: 'pg-eu', prefix: 'wal', credentialsSecretRef: { name: 'gcs', namespace: 'dbaas-system' } } }])
export const GCS = credentialsSecret('gcs', { GOOGLE_APPLICATION_CREDENTIALS_JSON: '{"type":"service_account","client_email":"a@b.iam","private_key":"-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----\\n"}' })

export const BASE_RELATED: KObject[] = [S3_CLASS, S3_SECRET, DUMPS_CLASS, MINIO, GCS_CLASS, GCS]

export const PG_WIPE = {
  engine: 'postgresql',
  clusterSize: 3,
  storage: '10Gi',
  deletionPolicy: 'WipeOut',
  deletionProtection: false,
  backup: { storageClassName: 's3-default', logical: { schedule: '1d', storageClassName: 'dumps' } },
}

export function wipeCluster(name: string, spec: Record<string, unknown>, extra: { status?: Record<string, unknown> } = {}): KObject {
  return databaseCluster(name, spec, { namespace: NS, ...extra })
}

export function parsed(obj: KObject): ClusterObject {
  const result = parseCluster(obj)
  if (!result.ok) throw new Error(result.errors.join('; '))
  return result.value
}

/** An engine operator's backup object of a cluster. */
export function engineBackup(apiVersion: string, kind: string, name: string, spec: Record<string, unknown>, namespace = NS): KObject {
  return { apiVersion, kind, metadata: { name, namespace, uid: `uid-${name}`, finalizers: ['percona.com/delete-backup'] }, spec }
}

export function otherBackup(name: string, storageClassName: string): KObject {
  const b = databaseBackup(name, { engine: 'postgresql', target: { clusterName: 'x' }, storageClassName, schedule: '1d' })
  return { ...b, metadata: { ...b.metadata, namespace: NS } }
}
