/**
 * The manifest written last next to a backup's data (api/backup-manifest.ts):
 * what makes a backup complete. Reading one validates it against the schema
 * and the layout (providers/backup/manifest-check.ts): the runner never
 * restores from a manifest that describes some other backup.
 */
import { type BackupManifest, DATA_FORMAT_FRAMES_V1, MANIFEST_API_VERSION, MANIFEST_KIND, parseBackupManifest } from '../api/backup-manifest.js'
import { manifestProblems } from '../providers/backup/manifest-check.js'

export const RUNNER_VERSION = '0.1.0'

export type Manifest = BackupManifest

export function buildManifest(m: Omit<Manifest, 'apiVersion' | 'kind' | 'runnerVersion' | 'format'>): Manifest {
  return { apiVersion: MANIFEST_API_VERSION, kind: MANIFEST_KIND, runnerVersion: RUNNER_VERSION, format: DATA_FORMAT_FRAMES_V1, ...m }
}

/** Parses and checks a stored manifest; with `pathPrefix`, its data key must lie where the layout puts it. */
export function parseManifest(text: string, pathPrefix?: string): Manifest {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new Error('the manifest is not JSON')
  }
  const parsed = parseBackupManifest(json)
  if (!parsed.ok) throw new Error(`not a valid backup manifest: ${parsed.errors.join('; ')}`)
  if (parsed.value.format !== DATA_FORMAT_FRAMES_V1) throw new Error(`the backup's data format ${parsed.value.format} is not one this runner reads (${DATA_FORMAT_FRAMES_V1})`)
  const problems = manifestProblems(parsed.value, pathPrefix)
  if (problems.length > 0) throw new Error(`the manifest does not describe its backup: ${problems.join('; ')}`)
  return parsed.value
}
