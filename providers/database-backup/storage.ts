/**
 * The runner's view of a DatabaseBackupStorageClass: every location, and the
 * credentials of all of them copied into one Secret whose keys are
 * `<location>.<KEY>`, mounted as files.
 */
import { ENCRYPTION_KEYS, GCS_KEYS, S3_KEYS, type StorageLocation } from '../../api/backup-storage-class.js'
import { RUNNER_PATHS, type RunnerLocation } from '../../api/runner.js'
import type { ObjectMap } from '../shared/kube.js'
import { type Lookup, lookupSecretData, lookupStorageClass } from '../shared/related.js'

export interface ResolvedStorage {
  compression: 'zstd' | 'gzip' | 'none'
  encryption: boolean
  locations: RunnerLocation[]
  /** Base64 Secret data, keys `<location>.<KEY>`. */
  secretData: Record<string, string>
  /** PersistentVolumeClaims of filesystem locations, by location name. */
  claims: { location: string; claimName: string }[]
}

function prefixed(location: string, data: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [`${location}.${k}`, v]))
}

/**
 * One location as the runner sees it, with its credentials as Secret data.
 * `as` renames it (credential keys, mount path) where locations of several
 * storage classes share one Secret.
 */
export function runnerLocation(related: ObjectMap, l: StorageLocation, as: string = l.name): Lookup<{ location: RunnerLocation; data: Record<string, string> }> {
  if (l.s3 !== undefined) {
    const { credentialsSecretRef: ref, ...s3 } = l.s3
    const creds = ref === undefined ? ({ ok: true, value: {} } as const) : lookupSecretData(related, ref, [S3_KEYS.accessKeyId, S3_KEYS.secretAccessKey], [S3_KEYS.sessionToken, S3_KEYS.ca])
    if (!creds.ok) return { ok: false, reason: creds.reason, message: `location ${l.name}: ${creds.message}` }
    return { ok: true, value: { location: { name: as, s3: { ...s3, credentials: ref !== undefined } }, data: prefixed(as, creds.value) } }
  }
  if (l.gcs !== undefined) {
    const { credentialsSecretRef: ref, ...gcs } = l.gcs
    const creds = ref === undefined ? ({ ok: true, value: {} } as const) : lookupSecretData(related, ref, [GCS_KEYS.credentials])
    if (!creds.ok) return { ok: false, reason: creds.reason, message: `location ${l.name}: ${creds.message}` }
    return { ok: true, value: { location: { name: as, gcs: { ...gcs, credentials: ref !== undefined } }, data: prefixed(as, creds.value) } }
  }
  const fs = l.filesystem
  if (fs === undefined) return { ok: false, reason: 'StorageClassInvalid', message: `location ${l.name} has no type` }
  return { ok: true, value: { location: { name: as, filesystem: { path: `${RUNNER_PATHS.backups}/${as}${fs.path === '/' ? '' : fs.path}` } }, data: {} } }
}

export function resolveStorage(related: ObjectMap, storageClassName: string): Lookup<ResolvedStorage> {
  const sc = lookupStorageClass(related, storageClassName)
  if (!sc.ok) return sc
  const { spec } = sc.value
  const locations: RunnerLocation[] = []
  let secretData: Record<string, string> = {}
  for (const l of spec.locations) {
    const r = runnerLocation(related, l)
    if (!r.ok) return r
    locations.push(r.value.location)
    secretData = { ...secretData, ...r.value.data }
  }
  if (spec.encryptionKeySecretRef !== undefined) {
    const key = lookupSecretData(related, spec.encryptionKeySecretRef, [ENCRYPTION_KEYS.key])
    if (!key.ok) return { ok: false, reason: key.reason, message: `encryption key: ${key.message}` }
    secretData = { ...secretData, ...prefixed('encryption', key.value) }
  }
  const claims = spec.locations.flatMap((l) => (l.filesystem === undefined ? [] : [{ location: l.name, claimName: l.filesystem.claimName }]))
  return { ok: true, value: { compression: spec.compression, encryption: spec.encryptionKeySecretRef !== undefined, locations, secretData, claims } }
}
