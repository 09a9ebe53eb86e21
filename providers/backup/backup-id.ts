/**
 * Backup ids and the object layout of a location.
 *
 * An id is the backup's start time in UTC, to the second:
 * `YYYYMMDDTHHMMSSZ` (`20260101T020000Z`). Ids sort like the times, and the
 * id is the real backup time, not a label of a period. One backup is
 *
 *   <pathPrefix>/<id>/data.<ext>      the dump (ext: `dump.zst`, `dump.gz` or
 *                                     `dump`, plus `.enc` when encrypted)
 *   <pathPrefix>/<id>/manifest.json   written last: without it the backup is
 *                                     incomplete (crashed or still running)
 */
import type { RunnerConfig } from '../../api/runner.js'
import { formatTime, parseTime } from './time.js'

export type Compression = RunnerConfig['storage']['compression']

export const MANIFEST_FILE = 'manifest.json'

const ID = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/

/** The id of a backup that started at `start` (RFC 3339 or epoch milliseconds); fractions of a second are dropped. Throws a RangeError for anything else. */
export function backupId(start: string | number): string {
  const ms = parseTime(start)
  if (ms === undefined) throw new RangeError(`a backup id needs an RFC 3339 start time, not ${String(start)}`)
  const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString()
  if (!/^\d{4}-/.test(iso)) throw new RangeError(`a backup id needs a year from 0000 to 9999, not ${iso}`)
  return iso.replace(/\.000Z$/, 'Z').replace(/[-:]/g, '')
}

/** The start time (RFC 3339, UTC) of a backup id, or undefined when the string is not a valid id (`20260230T000000Z` is not). */
export function parseBackupId(id: string): string | undefined {
  const m = ID.exec(id)
  if (m === null) return undefined
  const ms = parseTime(`${m[1] ?? ''}-${m[2] ?? ''}-${m[3] ?? ''}T${m[4] ?? ''}:${m[5] ?? ''}:${m[6] ?? ''}Z`)
  return ms === undefined ? undefined : formatTime(ms)
}

/** The extension of the data object: `dump.zst`, `dump.gz` or `dump`, plus `.enc` when encrypted. */
export function dataExtension(compression: Compression, encrypted: boolean): string {
  const base = compression === 'gzip' ? 'dump.gz' : compression === 'zstd' ? 'dump.zst' : 'dump'
  return encrypted ? `${base}.enc` : base
}

/** The data object's file name: `data.<ext>`. */
export function dataFile(compression: Compression, encrypted: boolean): string {
  return `data.${dataExtension(compression, encrypted)}`
}

/** Path parts joined with single slashes; empty segments (double, leading and trailing slashes) are dropped. */
export function joinKey(...parts: readonly string[]): string {
  return parts.flatMap((p) => p.split('/')).filter((p) => p !== '').join('/')
}

export interface BackupKeys {
  /** `<pathPrefix>/<id>`: every object of the backup lies directly in it. */
  dir: string
  data: string
  manifest: string
}

/** The keys of one backup. Throws a RangeError when `id` is not a backup id. */
export function backupKeys(pathPrefix: string, id: string, compression: Compression, encrypted: boolean): BackupKeys {
  if (parseBackupId(id) === undefined) throw new RangeError(`not a backup id: ${id}`)
  const dir = joinKey(pathPrefix, id)
  return { dir, data: `${dir}/${dataFile(compression, encrypted)}`, manifest: `${dir}/${MANIFEST_FILE}` }
}

/**
 * The backup id a stored key belongs to: the key lies under `<pathPrefix>/<id>/`
 * (at any depth, and the directory marker `<id>/` some stores create, so that
 * deleting a backup removes everything under its directory). Undefined for
 * anything else.
 */
export function idOfKey(pathPrefix: string, key: string): string | undefined {
  const prefix = joinKey(pathPrefix)
  const rest = prefix === '' ? key : key.startsWith(`${prefix}/`) ? key.slice(prefix.length + 1) : undefined
  const slash = rest?.indexOf('/') ?? -1
  if (rest === undefined || slash < 0) return undefined
  const id = rest.slice(0, slash)
  return parseBackupId(id) === undefined ? undefined : id
}
