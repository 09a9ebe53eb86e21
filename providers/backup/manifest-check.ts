/**
 * What the schema of a manifest cannot say: its fields must agree with each
 * other and with the layout. A manifest that passes api/backup-manifest.ts
 * but not this describes some other backup, or none; the runner refuses to
 * restore from it.
 */
import type { BackupManifest } from '../../api/backup-manifest.js'
import { backupId, backupKeys, dataFile, parseBackupId } from './backup-id.js'
import { parseTime } from './time.js'

function timeProblems(m: BackupManifest): string[] {
  const start = parseTime(m.startTime)
  const end = parseTime(m.endTime)
  const problems: string[] = []
  if (parseBackupId(m.id) === undefined) problems.push(`id ${m.id} is not a backup id`)
  else if (start !== undefined && backupId(start) !== m.id) problems.push(`id ${m.id} is not the start time ${m.startTime}`)
  if (start === undefined) problems.push(`startTime ${m.startTime} is not an RFC 3339 time`)
  if (end === undefined) problems.push(`endTime ${m.endTime} is not an RFC 3339 time`)
  if (start !== undefined && end !== undefined && end < start) problems.push(`endTime ${m.endTime} is before startTime ${m.startTime}`)
  return problems
}

function keyProblems(m: BackupManifest, pathPrefix: string | undefined): string[] {
  const file = dataFile(m.compression, m.encrypted)
  if (!m.dataKey.endsWith(`/${m.id}/${file}`) && m.dataKey !== `${m.id}/${file}`) return [`dataKey ${m.dataKey} is not ${m.id}/${file} (compression ${m.compression}, ${m.encrypted ? 'encrypted' : 'not encrypted'})`]
  if (pathPrefix === undefined || parseBackupId(m.id) === undefined) return []
  const expected = backupKeys(pathPrefix, m.id, m.compression, m.encrypted).data
  return m.dataKey === expected ? [] : [`dataKey ${m.dataKey} is not under the path prefix: expected ${expected}`]
}

/**
 * The disagreements in a manifest, empty when there are none. With
 * `pathPrefix`, the data key must also be exactly where the layout puts it.
 */
export function manifestProblems(m: BackupManifest, pathPrefix?: string): string[] {
  return [...timeProblems(m), ...keyProblems(m, pathPrefix)]
}
