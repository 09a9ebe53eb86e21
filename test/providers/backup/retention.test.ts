import { describe, expect, it } from 'vitest'
import { backupId, backupKeys, idOfKey, parseBackupId } from '../../../providers/backup/backup-id.js'
import { isoWeek, periodKey, planRetention, type StoredBackup, untracked } from '../../../providers/backup/retention.js'
import { pickBackupAt, pickBackupById } from '../../../providers/backup/restore-point.js'

const b = (time: string, ok = true, complete = true): StoredBackup => ({ id: backupId(time), time, complete, ok })
const ids = (plan: { id: string }[]) => plan.map((p) => p.id).sort()

describe('backup ids and keys', () => {
  it('an id is the UTC start time, and parses back', () => {
    expect(backupId('2026-01-02T03:04:05.678Z')).toBe('20260102T030405Z')
    expect(parseBackupId('20260102T030405Z')).toBe('2026-01-02T03:04:05Z')
    expect(parseBackupId('20261302T030405Z')).toBeUndefined()
    expect(parseBackupId('latest')).toBeUndefined()
  })

  it('keys per backup directory; the manifest is a file of its own', () => {
    expect(backupKeys('team-a/orders', '20260102T030405Z', 'zstd', true)).toEqual({ dir: 'team-a/orders/20260102T030405Z', data: 'team-a/orders/20260102T030405Z/data.dump.zst.enc', manifest: 'team-a/orders/20260102T030405Z/manifest.json' })
    expect(idOfKey('team-a/orders', 'team-a/orders/20260102T030405Z/data.dump.gz')).toBe('20260102T030405Z')
    expect(idOfKey('team-a/orders', 'team-a/other/20260102T030405Z/data.dump.gz')).toBeUndefined()
  })
})

describe('UTC periods', () => {
  it.each([
    ['2026-12-31T23:00:00Z', 'weekly', '2026-W53'],
    ['2027-01-01T00:00:00Z', 'weekly', '2026-W53'],
    ['2027-01-04T00:00:00Z', 'weekly', '2027-W01'],
    ['2025-12-29T00:00:00Z', 'weekly', '2026-W01'],
    ['2028-02-29T12:00:00Z', 'daily', '2028-02-29'],
    ['2026-03-29T01:30:00Z', 'hourly', '2026-03-29T01'],
    ['2026-12-31T23:59:59Z', 'yearly', '2026'],
    ['2026-01-31T23:59:59Z', 'monthly', '2026-01'],
  ] as const)('%s is in %s period %s', (time, period, key) => {
    expect(periodKey(period, time)).toBe(key)
  })

  it('ISO week-year differs from the calendar year at year ends', () => {
    expect(isoWeek(new Date('2021-01-03T00:00:00Z'))).toEqual({ year: 2020, week: 53 })
  })
})

describe('planRetention', () => {
  const daily = Array.from({ length: 40 }, (_, i) => b(new Date(Date.UTC(2026, 0, 1 + i, 2)).toISOString().replace('.000Z', 'Z')))
  const now = '2026-02-10T03:00:00Z'

  it('nothing is deleted without rules', () => {
    expect(planRetention(daily, { minKeep: 1 }, now, { lastRunOk: true }).delete).toEqual([])
  })

  it('maxAge deletes what is older', () => {
    const plan = planRetention(daily, { maxAgeSeconds: 7 * 86400, minKeep: 1 }, now, { lastRunOk: true })
    expect(ids(plan.keep)).toEqual(daily.filter((x) => x.time >= '2026-02-03T03:00:00Z').map((x) => x.id).sort())
    expect(plan.delete[0]).toMatchObject({ reason: 'older than maxAge and kept by no rule' })
  })

  it('GFS keeps exactly the count per period: last 2, daily 7, weekly 4, monthly 2', () => {
    const plan = planRetention(daily, { keep: { last: 2, daily: 7, weekly: 4, monthly: 2 }, minKeep: 1 }, now, { lastRunOk: true })
    const kept = ids(plan.keep)
    const days = daily.slice(-7).map((x) => x.id)
    expect(kept).toEqual(expect.arrayContaining(days))
    const weeks = new Set(plan.keep.flatMap((k) => k.reasons.filter((r) => r.startsWith('weekly'))))
    expect(weeks.size).toBe(4)
    const months = plan.keep.flatMap((k) => k.reasons.filter((r) => r.startsWith('monthly')))
    expect(months).toEqual(['monthly 2026-02', 'monthly 2026-01'])
    expect(plan.keep.length + plan.delete.length).toBe(40)
  })

  it('never deletes the newest successful backup, whatever the rules', () => {
    const old = [b('2020-01-01T00:00:00Z'), b('2020-01-02T00:00:00Z')]
    const plan = planRetention(old, { maxAgeSeconds: 3600, minKeep: 1 }, now, { lastRunOk: true })
    expect(ids(plan.keep)).toEqual([old[1]!.id])
  })

  it('never leaves fewer than minKeep successful backups', () => {
    const old = [b('2020-01-01T00:00:00Z'), b('2020-01-02T00:00:00Z'), b('2020-01-03T00:00:00Z')]
    expect(planRetention(old, { maxAgeSeconds: 3600, minKeep: 2 }, now, { lastRunOk: true }).keep.length).toBe(2)
  })

  it('after a failed run, deletes nothing and says why', () => {
    const plan = planRetention(daily, { maxAgeSeconds: 3600, minKeep: 1 }, now, { lastRunOk: false })
    expect(plan.delete).toEqual([])
    expect(plan.held).toMatch(/last run failed/)
  })

  it('a failed backup is kept until a newer success exists, then deleted', () => {
    const list = [b('2026-02-08T02:00:00Z'), b('2026-02-09T02:00:00Z', false)]
    expect(planRetention(list, { keep: { last: 1 }, minKeep: 1 }, now, { lastRunOk: true }).delete).toEqual([])
    const later = [...list, b('2026-02-10T02:00:00Z')]
    expect(planRetention(later, { keep: { last: 1 }, minKeep: 1 }, now, { lastRunOk: true }).delete.map((d) => d.reason)).toContain('failed, superseded by 20260210T020000Z')
  })

  it('incomplete backups are untracked only once older than a run can take', () => {
    const list = [b('2026-02-10T02:30:00Z', true, false), b('2026-02-09T02:00:00Z', true, false)]
    expect(untracked(list, now, 3600).map((u) => u.id)).toEqual(['20260209T020000Z'])
    expect(planRetention(list, { keep: { last: 1 }, minKeep: 1 }, now, { lastRunOk: true }).keep).toEqual([])
  })
})

describe('restore points', () => {
  const list = [b('2026-01-01T02:00:00Z'), b('2026-01-02T02:00:00Z', false), b('2026-01-03T02:00:00Z', true, false), b('2026-01-04T02:00:00Z')]

  it('the newest complete, successful backup started at or before the time', () => {
    expect(pickBackupAt(list, '2026-01-03T23:00:00Z')).toMatchObject({ ok: true, backup: { id: '20260101T020000Z' } })
    expect(pickBackupAt(list, '2026-01-04T02:00:00Z')).toMatchObject({ ok: true, backup: { id: '20260104T020000Z' } })
    expect(pickBackupAt(list, '2025-12-31T00:00:00Z')).toEqual({ ok: false, message: 'no backup started at or before 2025-12-31T00:00:00Z; the oldest is from 2026-01-01T02:00:00Z' })
  })

  it('by id: refuses incomplete and failed backups', () => {
    expect(pickBackupById(list, '20260103T020000Z')).toMatchObject({ ok: false, message: expect.stringMatching(/incomplete/) })
    expect(pickBackupById(list, '20260102T020000Z')).toMatchObject({ ok: false, message: expect.stringMatching(/failed/) })
  })
})
