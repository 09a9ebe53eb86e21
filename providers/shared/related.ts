/**
 * Reading related objects: backup storage classes and the credential Secrets
 * they reference. The customize hook asks for them; sync reads them here.
 */
import { memoByKey } from './memo.js'
import {
  CREDENTIALS_LABEL,
  DatabaseBackupStorageClassSpec,
  type StorageLocation,
} from '../../api/backup-storage-class.js'
import { BACKUP_API_VERSION } from '../../api/crds.js'
import { parserFor } from '../../api/validate.js'
import type { KObject, ObjectMap, RelatedResourceRule } from './kube.js'
import { findObject } from './observed.js'

export interface BackupStorageClassObject {
  name: string
  spec: DatabaseBackupStorageClassSpec
}

const parseStorageClassSpec = parserFor<DatabaseBackupStorageClassSpec>(DatabaseBackupStorageClassSpec)

export type Lookup<T> = { ok: true; value: T } | { ok: false; reason: string; message: string }

/** Customize rules: the storage classes named, and every Secret labelled as backup credentials. */
export function storageClassRules(names: readonly string[]): RelatedResourceRule[] {
  if (names.length === 0) return []
  return [
    { apiVersion: BACKUP_API_VERSION, resource: 'databasebackupstorageclasses', names: [...new Set(names)].sort() },
    { apiVersion: 'v1', resource: 'secrets', labelSelector: { matchLabels: { [CREDENTIALS_LABEL]: 'true' } } },
  ]
}

export function lookupStorageClass(related: ObjectMap, name: string): Lookup<BackupStorageClassObject> {
  const obj = findObject(related, BACKUP_API_VERSION, 'DatabaseBackupStorageClass', name)
  if (obj === undefined) {
    return { ok: false, reason: 'StorageClassNotFound', message: `DatabaseBackupStorageClass ${name} does not exist` }
  }
  const parsed = storageClassSpec(obj.spec)
  if (!parsed.ok) {
    return { ok: false, reason: 'StorageClassInvalid', message: `DatabaseBackupStorageClass ${name} is invalid: ${parsed.errors.join('; ')}` }
  }
  return { ok: true, value: { name, spec: JSON.parse(parsed.specText) as DatabaseBackupStorageClassSpec } }
}

/**
 * Every sync of every cluster that backs up reads the same few storage
 * classes; the schema check (defaults, validation) depends only on the spec's
 * JSON text (parserFor copies through JSON), so its verdict is remembered by
 * that text and each caller gets its own copy. Bounded: dropped when full.
 */
type SpecVerdict = { ok: true; specText: string } | { ok: false; errors: string[] }
const remembered = memoByKey<SpecVerdict>(256)

function checkStorageClassSpec(spec: unknown): SpecVerdict {
  const parsed = parseStorageClassSpec(spec)
  return parsed.ok ? { ok: true, specText: JSON.stringify(parsed.value) } : { ok: false, errors: parsed.errors }
}

function storageClassSpec(spec: unknown): SpecVerdict {
  const text = JSON.stringify(spec) as string | undefined
  if (text === undefined) return checkStorageClassSpec(spec)
  return remembered(text, () => checkStorageClassSpec(spec))
}

/** The location to use: the named one, or the first that `usable` accepts. */
export function pickLocation(
  storageClass: BackupStorageClassObject,
  wanted: string | undefined,
  usable: (l: StorageLocation) => boolean,
  engine: string,
): Lookup<StorageLocation> {
  const { locations } = storageClass.spec
  if (wanted !== undefined) {
    const found = locations.find((l) => l.name === wanted)
    if (found === undefined) {
      return { ok: false, reason: 'LocationNotFound', message: `DatabaseBackupStorageClass ${storageClass.name} has no location ${wanted}` }
    }
    if (!usable(found)) {
      return { ok: false, reason: 'LocationUnsupported', message: `location ${wanted} of DatabaseBackupStorageClass ${storageClass.name} cannot be used by ${engine}` }
    }
    return { ok: true, value: found }
  }
  const first = locations.find(usable)
  if (first === undefined) {
    return { ok: false, reason: 'LocationUnsupported', message: `DatabaseBackupStorageClass ${storageClass.name} has no location ${engine} can write to` }
  }
  return { ok: true, value: first }
}

/** Base64 data of a labelled credentials Secret, restricted to the keys asked for. */
export function lookupSecretData(
  related: ObjectMap,
  ref: { name: string; namespace: string },
  required: readonly string[],
  optional: readonly string[] = [],
): Lookup<Record<string, string>> {
  const secret: KObject | undefined = findObject(related, 'v1', 'Secret', ref.name, ref.namespace)
  const where = `Secret ${ref.namespace}/${ref.name}`
  if (secret === undefined) {
    return { ok: false, reason: 'CredentialsNotFound', message: `${where} does not exist or lacks the label ${CREDENTIALS_LABEL}=true` }
  }
  if (secret.metadata.labels?.[CREDENTIALS_LABEL] !== 'true') {
    return { ok: false, reason: 'CredentialsNotFound', message: `${where} lacks the label ${CREDENTIALS_LABEL}=true` }
  }
  const data = typeof secret.data === 'object' && secret.data !== null ? (secret.data as Record<string, unknown>) : {}
  const missing = required.filter((k) => typeof data[k] !== 'string' || data[k] === '')
  if (missing.length > 0) {
    return { ok: false, reason: 'CredentialsIncomplete', message: `${where} lacks the keys ${missing.join(', ')}` }
  }
  const picked: Record<string, string> = {}
  for (const key of [...required, ...optional]) {
    const value = data[key]
    if (typeof value === 'string' && value !== '') picked[key] = value
  }
  return { ok: true, value: picked }
}
