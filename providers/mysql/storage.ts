/**
 * A storage location as the Percona XtraDB Cluster operator sees it. PXC 1.19
 * writes to S3-compatible stores, Azure and volumes (storage `type` s3 | azure
 * | filesystem in pxc_types.go): a DatabaseBackupStorageClass's S3 locations
 * are usable; GCS (a service-account key, not HMAC keys) and filesystem
 * locations (a PVC of the runner's, not the operator's) are not.
 *
 * Backups live under `<bucket>/<prefix>/<namespace>/<serverName>`: PXC takes a
 * key prefix inside its `bucket` field. Only the access key pair and a CA are
 * copied: xbcloud and the binlog collector read AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY and nothing else, so temporary credentials (a session
 * token) would fail at the first upload and are refused instead.
 */
import { S3_KEYS, type StorageLocation } from '../../api/backup-storage-class.js'
import type { ObjectMap } from '../shared/kube.js'
import { type Lookup, lookupSecretData, lookupStorageClass, pickLocation } from '../shared/related.js'

export type S3StorageLocation = StorageLocation & { s3: NonNullable<StorageLocation['s3']> }

export interface PxcStorage {
  location: S3StorageLocation
  /** `bucket/prefix/namespace/serverName`, as PXC's `s3.bucket` takes it. */
  bucketPath: string
  /** Base64 data for the copied Secret; undefined means the workload's own identity (IAM role). */
  credentials: Record<string, string> | undefined
}

export const ENGINE_LABEL = 'mysql (Percona XtraDB Cluster: S3-compatible storage only)'

export function pxcCanUse(location: StorageLocation): location is S3StorageLocation {
  return location.s3 !== undefined
}

export function bucketPath(location: S3StorageLocation, namespace: string, serverName: string): string {
  return [location.s3.bucket, location.s3.prefix, namespace, serverName]
    .filter((p): p is string => p !== undefined && p !== '')
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .join('/')
}

function credentials(related: ObjectMap, location: S3StorageLocation): Lookup<Record<string, string> | undefined> {
  const ref = location.s3.credentialsSecretRef
  if (ref === undefined) return { ok: true, value: undefined }
  const data = lookupSecretData(related, ref, [S3_KEYS.accessKeyId, S3_KEYS.secretAccessKey], [S3_KEYS.sessionToken, S3_KEYS.ca])
  if (!data.ok) return data
  if (data.value[S3_KEYS.sessionToken] !== undefined) {
    return { ok: false, reason: 'LocationUnsupported', message: `location ${location.name}: Percona XtraBackup cannot use temporary credentials (${S3_KEYS.sessionToken}); give a long-lived access key or use the workload identity` }
  }
  return { ok: true, value: data.value }
}

/** The named (or first usable) location of a storage class, with the credentials to copy. */
export function resolveStorage(related: ObjectMap, storageClassName: string, wanted: string | undefined, namespace: string, serverName: string): Lookup<PxcStorage> {
  const storageClass = lookupStorageClass(related, storageClassName)
  if (!storageClass.ok) return storageClass
  const picked = pickLocation(storageClass.value, wanted, pxcCanUse, ENGINE_LABEL)
  if (!picked.ok) return picked
  const location = picked.value as S3StorageLocation
  const creds = credentials(related, location)
  if (!creds.ok) return creds
  return { ok: true, value: { location, bucketPath: bucketPath(location, namespace, serverName), credentials: creds.value } }
}

/** The `s3` block of a storage or a restore source, pointing at a copied credentials Secret. */
export function s3Block(storage: PxcStorage, secretName: string): Record<string, unknown> {
  const { s3 } = storage.location
  const creds = storage.credentials
  return {
    bucket: storage.bucketPath,
    ...(s3.region === undefined ? {} : { region: s3.region }),
    ...(s3.endpoint === undefined ? {} : { endpointUrl: s3.endpoint }),
    ...(creds === undefined ? {} : { credentialsSecret: secretName }),
    ...(creds?.[S3_KEYS.ca] === undefined ? {} : { caBundle: { name: secretName, key: S3_KEYS.ca } }),
  }
}

/** xbcloud addresses buckets by DNS name unless told otherwise; S3-compatible stores usually need the path style. */
export function containerOptions(storage: PxcStorage): Record<string, unknown> {
  return storage.location.s3.forcePathStyle ? { containerOptions: { args: { xbcloud: ['--s3-bucket-lookup=path'] } } } : {}
}
