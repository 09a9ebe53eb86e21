/**
 * Which backup a restore uses. A logical dump shows the database as of the
 * moment it started (pg_dump and mysqldump --single-transaction take one
 * snapshot at the start), so "restore to time T" picks the newest complete,
 * successful backup that started at or before T.
 */
import type { StoredBackup } from './retention.js'

export type Pick = { ok: true; backup: StoredBackup } | { ok: false; message: string }

export function pickBackupAt(backups: readonly StoredBackup[], at: string): Pick {
  const t = Date.parse(at)
  if (Number.isNaN(t)) return { ok: false, message: `${at} is not a time (use RFC 3339, e.g. 2026-07-01T12:00:00Z)` }
  const candidates = backups.filter((b) => b.complete && b.ok && Date.parse(b.time) <= t).sort((a, b) => Date.parse(b.time) - Date.parse(a.time))
  const found = candidates[0]
  if (found === undefined) {
    const oldest = backups.filter((b) => b.complete && b.ok).map((b) => b.time).sort()[0]
    return { ok: false, message: oldest === undefined ? 'there is no complete, successful backup' : `no backup started at or before ${at}; the oldest is from ${oldest}` }
  }
  return { ok: true, backup: found }
}

export function pickBackupById(backups: readonly StoredBackup[], id: string): Pick {
  const found = backups.find((b) => b.id === id)
  if (found === undefined) return { ok: false, message: `there is no backup ${id}` }
  if (!found.complete) return { ok: false, message: `backup ${id} is incomplete (no manifest): it cannot be restored` }
  if (!found.ok) return { ok: false, message: `backup ${id} failed: it cannot be restored` }
  return { ok: true, backup: found }
}
