/**
 * Backup storage for PBM from a DatabaseBackupStorageClass location: S3 or
 * GCS (a filesystem location is the backup runner's, PBM cannot reach it).
 * The credentials are copied into the cluster's namespace under the keys the
 * operator reads (pkg/psmdb/backup/pbm.go): AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY for S3; GCS_CLIENT_EMAIL and GCS_PRIVATE_KEY for GCS,
 * taken from the service account key in the class's Secret.
 */
import { GCS_KEYS, S3_KEYS, type StorageLocation } from '../../api/backup-storage-class.js'
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import { type Lookup, lookupSecretData, lookupStorageClass, pickLocation } from '../shared/related.js'
import { storageDestination, storageEntry, storagePrefix } from './builders/storage.js'

export interface MongoStorage {
  /** Key in spec.backup.storages: the location's name. */
  name: string
  /** `{type, s3 | gcs}`, referring to the copied Secret. */
  entry: Record<string, unknown>
  /** `s3://bucket/prefix`: where this storage's backups are, as PBM reports them. */
  destination: string
  /** PBM compression for backups and oplog chunks, from the storage class. */
  compression: string
  /** Base64 data of the Secret to copy; undefined when the pods' own identity is used. */
  secretData: Record<string, string> | undefined
}

export interface StorageRequest {
  storageClassName: string
  location: string | undefined
  namespace: string
  serverName: string
  secretName: string
}

const ENGINE = 'mongodb (PBM: S3-compatible or GCS storage)'

function s3Credentials(input: ClusterInput, location: StorageLocation & { s3: NonNullable<StorageLocation['s3']> }): Lookup<Record<string, string> | undefined> {
  const ref = location.s3.credentialsSecretRef
  if (ref === undefined) return { ok: true, value: undefined }
  const data = lookupSecretData(input.related, ref, [S3_KEYS.accessKeyId, S3_KEYS.secretAccessKey], [S3_KEYS.sessionToken, S3_KEYS.ca])
  if (!data.ok) return data
  if (data.value[S3_KEYS.sessionToken] !== undefined) {
    return { ok: false, reason: 'LocationUnsupported', message: `location ${location.name}: PBM reads only ${S3_KEYS.accessKeyId} and ${S3_KEYS.secretAccessKey}; temporary credentials with ${S3_KEYS.sessionToken} cannot be used` }
  }
  if (data.value[S3_KEYS.ca] !== undefined && !location.s3.insecureSkipTLSVerify) {
    return { ok: false, reason: 'LocationUnsupported', message: `location ${location.name}: PBM cannot trust a custom CA (${S3_KEYS.ca}); give the endpoint a publicly trusted certificate or set insecureSkipTLSVerify` }
  }
  return { ok: true, value: { [S3_KEYS.accessKeyId]: data.value[S3_KEYS.accessKeyId] ?? '', [S3_KEYS.secretAccessKey]: data.value[S3_KEYS.secretAccessKey] ?? '' } }
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')

function serviceAccount(encoded: string): { email: string; key: string } | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'))
    const email = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).client_email : undefined
    const key = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).private_key : undefined
    return typeof email === 'string' && typeof key === 'string' && email !== '' && key !== '' ? { email, key } : undefined
  } catch {
    return undefined
  }
}

function gcsCredentials(input: ClusterInput, location: StorageLocation & { gcs: NonNullable<StorageLocation['gcs']> }): Lookup<Record<string, string>> {
  const ref = location.gcs.credentialsSecretRef
  if (ref === undefined) {
    return { ok: false, reason: 'LocationUnsupported', message: `location ${location.name}: the Percona operator needs a service account key for GCS; workload identity is not supported` }
  }
  const data = lookupSecretData(input.related, ref, [GCS_KEYS.credentials])
  if (!data.ok) return data
  const account = serviceAccount(data.value[GCS_KEYS.credentials] ?? '')
  if (account === undefined) {
    return { ok: false, reason: 'CredentialsIncomplete', message: `Secret ${ref.namespace}/${ref.name}: ${GCS_KEYS.credentials} is not a service account key with client_email and private_key` }
  }
  return { ok: true, value: { GCS_CLIENT_EMAIL: base64(account.email), GCS_PRIVATE_KEY: base64(account.key) } }
}

function credentials(input: ClusterInput, location: StorageLocation): Lookup<Record<string, string> | undefined> {
  if (location.s3 !== undefined) return s3Credentials(input, { ...location, s3: location.s3 })
  if (location.gcs !== undefined) return gcsCredentials(input, { ...location, gcs: location.gcs })
  return { ok: false, reason: 'LocationUnsupported', message: `location ${location.name} is a filesystem path; PBM writes to S3 or GCS only` }
}

export function resolveStorage(input: ClusterInput, req: StorageRequest): Lookup<MongoStorage> {
  const sc = lookupStorageClass(input.related, req.storageClassName)
  if (!sc.ok) return sc
  if (sc.value.spec.encryptionKeySecretRef !== undefined) {
    return { ok: false, reason: 'StorageClassUnsupported', message: `DatabaseBackupStorageClass ${req.storageClassName} encrypts backups on the client side, which PBM cannot do; use a class without encryptionKeySecretRef (or server-side encryption of the bucket)` }
  }
  const picked = pickLocation(sc.value, req.location, (l) => l.s3 !== undefined || l.gcs !== undefined, ENGINE)
  if (!picked.ok) return picked
  const location = picked.value
  const secretData = credentials(input, location)
  if (!secretData.ok) return secretData
  const prefix = storagePrefix(location, req.namespace, req.serverName)
  return {
    ok: true,
    value: {
      name: location.name,
      entry: storageEntry({ location, prefix, credentialsSecret: secretData.value === undefined ? undefined : req.secretName }),
      destination: storageDestination(location, prefix),
      compression: sc.value.spec.compression,
      secretData: secretData.value,
    },
  }
}
