/**
 * A storage location as barman-cloud sees it: which locations it can use, and
 * the credentials to copy into the database's namespace for it.
 */
import { GCS_KEYS, S3_KEYS, type StorageLocation } from '../../api/backup-storage-class.js'
import type { ObjectMap } from '../shared/kube.js'
import { type Lookup, lookupSecretData } from '../shared/related.js'

/** barman-cloud writes to object stores only. */
export function barmanCanUse(location: StorageLocation): boolean {
  return location.s3 !== undefined || location.gcs !== undefined
}

export function locationCredentials(related: ObjectMap, location: StorageLocation): Lookup<Record<string, string> | undefined> {
  if (location.s3 !== undefined) {
    if (location.s3.insecureSkipTLSVerify) {
      return { ok: false, reason: 'LocationUnsupported', message: `location ${location.name}: barman-cloud cannot skip TLS verification; put the endpoint's CA in the credentials Secret under ${S3_KEYS.ca}` }
    }
    const ref = location.s3.credentialsSecretRef
    if (ref === undefined) return { ok: true, value: undefined }
    return lookupSecretData(related, ref, [S3_KEYS.accessKeyId, S3_KEYS.secretAccessKey], [S3_KEYS.sessionToken, S3_KEYS.ca])
  }
  if (location.gcs !== undefined) {
    const ref = location.gcs.credentialsSecretRef
    if (ref === undefined) return { ok: true, value: undefined }
    return lookupSecretData(related, ref, [GCS_KEYS.credentials])
  }
  return { ok: false, reason: 'LocationUnsupported', message: `location ${location.name} is a filesystem path; barman-cloud writes to S3 or GCS only` }
}
