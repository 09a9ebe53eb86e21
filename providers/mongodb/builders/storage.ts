/**
 * One entry of spec.backup.storages (and of a Restore's backupSource): where
 * PBM writes, from a storage class location. Backups are kept per namespace
 * and server name under the location's prefix, so two clusters of the same
 * name in different namespaces never mix.
 */
import type { StorageLocation } from '../../../api/backup-storage-class.js'

export interface StorageEntryInput {
  location: StorageLocation
  /** Key prefix inside the bucket: `<location prefix>/<namespace>/<server name>`. */
  prefix: string
  /** Secret with the copied credentials; undefined uses the pods' own identity (S3 only). */
  credentialsSecret: string | undefined
}

export function storagePrefix(location: StorageLocation, namespace: string, serverName: string): string {
  const prefix = location.s3?.prefix ?? location.gcs?.prefix
  return [prefix, namespace, serverName].filter((p): p is string => p !== undefined && p !== '').map((p) => p.replace(/^\/+|\/+$/g, '')).join('/')
}

/** The storage type and its block: `{type: 's3', s3: {…}}` or `{type: 'gcs', gcs: {…}}`. */
export function storageEntry(input: StorageEntryInput): Record<string, unknown> {
  const { location, prefix, credentialsSecret } = input
  const secret = credentialsSecret === undefined ? {} : { credentialsSecret }
  if (location.s3 !== undefined) {
    const s3 = location.s3
    return {
      type: 's3',
      s3: {
        bucket: s3.bucket,
        prefix,
        ...(s3.region === undefined ? {} : { region: s3.region }),
        ...(s3.endpoint === undefined ? {} : { endpointUrl: s3.endpoint }),
        ...secret,
        forcePathStyle: s3.forcePathStyle,
        insecureSkipTLSVerify: s3.insecureSkipTLSVerify,
      },
    }
  }
  if (location.gcs !== undefined) return { type: 'gcs', gcs: { bucket: location.gcs.bucket, prefix, ...secret } }
  throw new Error(`location ${location.name} is not an object store`)
}

/** Where PBM's backups of this entry live, as the operator writes it in a backup's status.destination (without the backup's name). */
export function storageDestination(location: StorageLocation, prefix: string): string {
  const scheme = location.s3 !== undefined ? 's3' : 'gs'
  const bucket = location.s3?.bucket ?? location.gcs?.bucket ?? ''
  return prefix === '' ? `${scheme}://${bucket}` : `${scheme}://${bucket}/${prefix}`
}
