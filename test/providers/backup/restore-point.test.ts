import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { backupId } from '../../../providers/backup/backup-id.js'
import { pickBackupAt, pickBackupById } from '../../../providers/backup/restore-point.js'
import type { StoredBackup } from '../../../providers/backup/retention.js'
import { parseTime } from '../../../providers/backup/time.js'

function b(time: string, more: Partial<StoredBackup> = {}): StoredBackup {
  return { id: backupId(time), time, complete: true, ok: true, ...more }
}

const stored: StoredBackup[] = [
  b('2026-01-01T02:00:00Z'),
  b('2026-01-02T02:00:00Z'),
  b('2026-01-03T02:00:00Z', { ok: false }),
  b('2026-01-04T02:00:00Z', { complete: false }),
  b('2028-02-29T02:00:00Z'),
]

describe('pickBackupAt: the newest complete, successful backup started at or before the time', () => {
  it.each([
    { name: 'exactly the start of a backup', at: '2026-01-02T02:00:00Z', id: '20260102T020000Z' },
    { name: 'one second before it: the previous one', at: '2026-01-02T01:59:59Z', id: '20260101T020000Z' },
    { name: 'a fraction before it: the previous one', at: '2026-01-02T01:59:59.999Z', id: '20260101T020000Z' },
    { name: 'after a failed backup: the success before it', at: '2026-01-03T12:00:00Z', id: '20260102T020000Z' },
    { name: 'after an incomplete backup: the success before it', at: '2026-01-04T12:00:00Z', id: '20260102T020000Z' },
    { name: 'with an offset (03:00+01:00 is 02:00Z)', at: '2026-01-02T03:00:00+01:00', id: '20260102T020000Z' },
    { name: 'with an offset just before (02:59:59+01:00)', at: '2026-01-02T02:59:59+01:00', id: '20260101T020000Z' },
    { name: 'a leap day', at: '2028-02-29T02:00:00Z', id: '20280229T020000Z' },
    { name: 'far in the future: the newest', at: '9999-12-31T23:59:59Z', id: '20280229T020000Z' },
    { name: 'epoch milliseconds', at: Date.UTC(2026, 0, 1, 2), id: '20260101T020000Z' },
  ])('$name', ({ at, id }) => {
    const pick = pickBackupAt(stored, at)
    expect(pick).toEqual({ ok: true, backup: stored.find((x) => x.id === id) })
  })

  it.each([
    { name: 'before the oldest backup', at: '2026-01-01T01:59:59Z', message: 'no backup started at or before 2026-01-01T01:59:59Z: the oldest complete, successful one is 20260101T020000Z, started 2026-01-01T02:00:00Z' },
    { name: 'before the oldest backup, with an offset', at: '2026-01-01T02:30:00+01:00', message: 'no backup started at or before 2026-01-01T01:30:00Z: the oldest complete, successful one is 20260101T020000Z, started 2026-01-01T02:00:00Z' },
    { name: 'a time without a zone (it would be read in local time)', at: '2026-01-02T02:00:00', message: '2026-01-02T02:00:00 is not a time: use RFC 3339 with a time zone, e.g. 2026-07-01T12:00:00Z or 2026-07-01T14:00:00+02:00' },
    { name: 'a date only', at: '2026-01-02', message: '2026-01-02 is not a time: use RFC 3339 with a time zone, e.g. 2026-07-01T12:00:00Z or 2026-07-01T14:00:00+02:00' },
    { name: 'a day that does not exist', at: '2026-02-29T00:00:00Z', message: '2026-02-29T00:00:00Z is not a time: use RFC 3339 with a time zone, e.g. 2026-07-01T12:00:00Z or 2026-07-01T14:00:00+02:00' },
  ])('refuses $name', ({ at, message }) => {
    expect(pickBackupAt(stored, at)).toEqual({ ok: false, message })
  })

  it('says so when nothing is restorable', () => {
    expect(pickBackupAt([b('2026-01-01T02:00:00Z', { ok: false }), b('2026-01-02T02:00:00Z', { complete: false })], '2027-01-01T00:00:00Z')).toEqual({ ok: false, message: 'there is no complete, successful backup' })
  })

  it('ignores a backup whose start time cannot be read', () => {
    const pick = pickBackupAt([b('2026-01-01T02:00:00Z'), { id: '20260102T020000Z', time: '2026-01-02T02:00:00', complete: true, ok: true }], '2027-01-01T00:00:00Z')
    expect(pick.ok && pick.backup.id).toBe('20260101T020000Z')
  })

  const history = fc.uniqueArray(fc.record({ s: fc.integer({ min: 0, max: 3 * 365 * 86400 }), ok: fc.boolean(), complete: fc.boolean() }), { selector: (x) => x.s, maxLength: 30 })
  test.prop([history, fc.integer({ min: -86400, max: 4 * 365 * 86400 })])('the pick is restorable, not after the time, and no restorable backup lies between them', (xs, atS) => {
    const base = Date.UTC(2026, 0, 1)
    const backups = xs.map((x) => b(new Date(base + x.s * 1000).toISOString(), { ok: x.ok, complete: x.complete }))
    const at = base + atS * 1000
    const pick = pickBackupAt(backups, at)
    const usable = backups.filter((x) => x.ok && x.complete && parseTime(x.time)! <= at)
    if (!pick.ok) {
      expect(usable).toEqual([])
      return
    }
    const t = parseTime(pick.backup.time)!
    expect(pick.backup.ok && pick.backup.complete && t <= at).toBe(true)
    expect(usable.filter((x) => parseTime(x.time)! > t)).toEqual([])
  })
})

describe('pickBackupById', () => {
  it.each([
    { name: 'a complete, successful backup', id: '20260102T020000Z', result: { ok: true, backup: stored[1] } },
    { name: 'a failed backup', id: '20260103T020000Z', result: { ok: false, message: 'backup 20260103T020000Z failed: it cannot be restored' } },
    { name: 'an incomplete backup', id: '20260104T020000Z', result: { ok: false, message: 'backup 20260104T020000Z is incomplete (no manifest): it cannot be restored' } },
    { name: 'an unknown id', id: '20250101T020000Z', result: { ok: false, message: 'there is no backup 20250101T020000Z; the newest complete, successful one is 20280229T020000Z' } },
  ])('$name', ({ id, result }) => {
    expect(pickBackupById(stored, id)).toEqual(result)
  })

  it('an unknown id in a location without restorable backups', () => {
    expect(pickBackupById([], 'latest')).toEqual({ ok: false, message: 'there is no backup latest' })
  })
})
