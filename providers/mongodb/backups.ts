/**
 * Reading the operator's PerconaServerMongoDBBackup objects: which ones are
 * complete, which one to restore for a moment in time, and the source block a
 * Restore takes to read a backup that is not in its own cluster's storage.
 */
import type { KObject } from '../shared/kube.js'
import { field, stringField } from '../shared/observed.js'
import type { Lookup } from '../shared/related.js'

const STORAGE_TYPES = ['s3', 'gcs', 'azure', 'minio', 'filesystem'] as const

function time(value: string | undefined): number {
  const t = value === undefined ? Number.NaN : Date.parse(value)
  return Number.isNaN(t) ? 0 : t
}

export function completedAt(backup: KObject): string | undefined {
  return stringField(backup, 'status', 'completed')
}

/** The last write a backup contains; a point-in-time restore must aim after it. */
function lastWrite(backup: KObject): number {
  return time(stringField(backup, 'status', 'lastWriteAt') ?? completedAt(backup))
}

/** Completed backups, newest first (name breaks ties, so the order is stable). */
export function readyBackups(backups: readonly KObject[]): KObject[] {
  return backups
    .filter((b) => stringField(b, 'status', 'state') === 'ready')
    .sort((a, b) => time(completedAt(b)) - time(completedAt(a)) || a.metadata.name.localeCompare(b.metadata.name))
}

/** The newest complete backup, or for a point in time the newest whose data ends before it. */
export function pickBackup(backups: readonly KObject[], pointInTime: string | undefined): KObject | undefined {
  const target = pointInTime === undefined ? undefined : time(pointInTime)
  return readyBackups(backups).find((b) => target === undefined || lastWrite(b) < target)
}

/** `backupSource` of a Restore: the backup's type, destination and the storage block the operator recorded. */
export function sourceOf(backup: KObject): Lookup<Record<string, unknown>> {
  const destination = stringField(backup, 'status', 'destination')
  if (destination === undefined) {
    return { ok: false, reason: 'BackupIncomplete', message: `PerconaServerMongoDBBackup ${backup.metadata.name} records no destination` }
  }
  const source: Record<string, unknown> = { type: stringField(backup, 'status', 'type') ?? 'logical', destination }
  for (const type of STORAGE_TYPES) {
    const block = field(backup, 'status', type)
    if (typeof block === 'object' && block !== null) source[type] = block
  }
  return { ok: true, value: source }
}

/** PBM and the Restore's CEL rule take `YYYY-MM-DD HH:MM:SS` in UTC; fractions of a second are cut. */
export function perconaDate(rfc3339: string): string {
  return new Date(rfc3339).toISOString().slice(0, 19).replace('T', ' ')
}
