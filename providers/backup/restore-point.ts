/**
 * Which backup a restore uses.
 *
 * "Restore to time T" picks the newest complete, successful backup that
 * STARTED at or before T. The start, not the end, because a logical dump
 * shows the database as of its start: pg_dump reads everything in one
 * snapshot taken when it starts, mysqldump --single-transaction likewise, and
 * the CockroachDB dump reads AS OF SYSTEM TIME its start. Picking by end time
 * would pass over a backup that ended after T although it shows the state of
 * its start, before T. The backup id is that start time, so the choice is
 * made on what a location really holds, never on a period label.
 *
 * MongoDB is the exception: mongodump of single databases has no snapshot,
 * each collection is read at some moment between start and end, so a
 * MongoDB backup picked for T may contain writes made after T (up to its
 * end). The chosen backup is always named with its start time, so the
 * caller can show what it restores before it starts.
 */
import type { StoredBackup } from './retention.js'
import { formatTime, parseTime } from './time.js'

export type Pick = { ok: true; backup: StoredBackup } | { ok: false; message: string }

interface Dated { b: StoredBackup; ms: number }

function restorable(backups: readonly StoredBackup[]): Dated[] {
  return backups
    .filter((b) => b.complete && b.ok)
    .flatMap((b) => {
      const ms = parseTime(b.time)
      return ms === undefined ? [] : [{ b, ms }]
    })
    .sort((x, y) => y.ms - x.ms || (y.b.id < x.b.id ? -1 : y.b.id > x.b.id ? 1 : 0))
}

/** The newest complete, successful backup that started at or before `at` (RFC 3339 with an offset, or epoch milliseconds). */
export function pickBackupAt(backups: readonly StoredBackup[], at: string | number): Pick {
  const t = parseTime(at)
  if (t === undefined) return { ok: false, message: `${String(at)} is not a time: use RFC 3339 with a time zone, e.g. 2026-07-01T12:00:00Z or 2026-07-01T14:00:00+02:00` }
  const candidates = restorable(backups)
  const found = candidates.find((x) => x.ms <= t)
  if (found !== undefined) return { ok: true, backup: found.b }
  const oldest = candidates[candidates.length - 1]
  if (oldest === undefined) return { ok: false, message: 'there is no complete, successful backup' }
  return { ok: false, message: `no backup started at or before ${formatTime(t)}: the oldest complete, successful one is ${oldest.b.id}, started ${formatTime(oldest.ms)}` }
}

/** The backup with this id, when it is complete and successful. */
export function pickBackupById(backups: readonly StoredBackup[], id: string): Pick {
  const matches = backups.filter((b) => b.id === id)
  const usable = matches.find((b) => b.complete && b.ok)
  if (usable !== undefined) return { ok: true, backup: usable }
  if (matches.length === 0) {
    const newest = restorable(backups)[0]
    return { ok: false, message: `there is no backup ${id}${newest === undefined ? '' : `; the newest complete, successful one is ${newest.b.id}`}` }
  }
  if (matches.some((b) => !b.complete)) return { ok: false, message: `backup ${id} is incomplete (no manifest): it cannot be restored` }
  return { ok: false, message: `backup ${id} failed: it cannot be restored` }
}
