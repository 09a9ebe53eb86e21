/**
 * Backup storage for the Percona operators, from a DatabaseBackupStorageClass
 * location: an S3 storage entry named after the location, with the
 * credentials copied into the cluster's namespace (keys AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY, as both operators expect). Backups are kept per
 * namespace and cluster under the location's prefix.
 */
import { S3_KEYS, type StorageLocation } from '../../api/backup-storage-class.js'
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import { type Lookup, lookupSecretData, lookupStorageClass, pickLocation } from '../shared/related.js'

export interface PerconaStorage {
  location: StorageLocation & { s3: NonNullable<StorageLocation['s3']> }
  /** Bucket plus key prefix, as Percona's `bucket` field takes it (`bucket/prefix/namespace/cluster`). */
  bucketPath: string
  /** Base64 data of the copied credentials Secret; undefined means the workload identity. */
  credentials: Record<string, string> | undefined
}

function usable(l: StorageLocation): boolean {
  return l.s3 !== undefined
}

export function resolvePerconaStorage(input: ClusterInput, storageClassName: string, wanted: string | undefined, engine: string): Lookup<PerconaStorage> {
  const sc = lookupStorageClass(input.related, storageClassName)
  if (!sc.ok) return sc
  const picked = pickLocation(sc.value, wanted, usable, `${engine} (Percona backups: S3-compatible storage only)`)
  if (!picked.ok) return picked
  const location = picked.value as PerconaStorage['location']
  const ref = location.s3.credentialsSecretRef
  const creds = ref === undefined ? ({ ok: true, value: undefined } as const) : lookupSecretData(input.related, ref, [S3_KEYS.accessKeyId, S3_KEYS.secretAccessKey], [S3_KEYS.sessionToken, S3_KEYS.ca])
  if (!creds.ok) return creds
  const prefix = [location.s3.prefix, input.cluster.namespace, input.cluster.name].filter((p): p is string => p !== undefined && p !== '').join('/')
  return { ok: true, value: { location, bucketPath: `${location.s3.bucket}/${prefix}`, credentials: creds.value } }
}
