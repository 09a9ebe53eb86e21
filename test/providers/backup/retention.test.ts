import { describe, expect, it } from 'vitest'
import { backupId } from '../../../providers/backup/backup-id.js'
import { isoWeek, type Period, periodKey } from '../../../providers/backup/periods.js'
import { hasRetentionPolicy, planRetention, type RetentionOptions, type RetentionPlan, type RetentionRules, type StoredBackup, untracked } from '../../../providers/backup/retention.js'
import { formatSeconds, parseTime } from '../../../providers/backup/time.js'

/** A backup started at `time`; its id is derived from the time. */
function b(time: string, more: Partial<StoredBackup> = {}): StoredBackup {
  return { id: backupId(time), time, complete: true, ok: true, ...more }
}
const failed = (time: string) => b(time, { ok: false })
const OK: RetentionOptions = { lastRunOk: true }
const DAY = 86400
/** Daily backups at 02:00 UTC, `from` to `to` (2026-01-dd). */
const januaryDays = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => b(`2026-01-${String(from + i).padStart(2, '0')}T02:00:00Z`))

describe('periodKey', () => {
  it.each([
    { name: 'hour', period: 'hourly', time: '2026-03-29T01:30:00Z', key: '2026-03-29T01' },
    { name: 'hour from an offset', period: 'hourly', time: '2026-03-29T03:30:00+02:00', key: '2026-03-29T01' },
    { name: 'day from an offset crossing midnight', period: 'daily', time: '2026-01-01T00:30:00+01:00', key: '2025-12-31' },
    { name: 'leap day', period: 'daily', time: '2028-02-29T12:00:00Z', key: '2028-02-29' },
    { name: 'leap day month', period: 'monthly', time: '2028-02-29T23:59:59Z', key: '2028-02' },
    { name: 'last second of a year', period: 'yearly', time: '2026-12-31T23:59:59Z', key: '2026' },
    { name: 'first second of a year', period: 'yearly', time: '2027-01-01T00:00:00Z', key: '2027' },
    { name: 'Monday 2026-12-28 opens week 53', period: 'weekly', time: '2026-12-28T00:00:00Z', key: '2026-W53' },
    { name: 'Thursday 2026-12-31 is in week 53', period: 'weekly', time: '2026-12-31T23:59:59Z', key: '2026-W53' },
    { name: 'Friday 2027-01-01 is still in 2026-W53', period: 'weekly', time: '2027-01-01T00:00:00Z', key: '2026-W53' },
    { name: 'Sunday 2027-01-03 closes 2026-W53', period: 'weekly', time: '2027-01-03T23:59:59Z', key: '2026-W53' },
    { name: 'Monday 2027-01-04 opens 2027-W01', period: 'weekly', time: '2027-01-04T00:00:00Z', key: '2027-W01' },
    { name: 'Monday 2025-12-29 is already in 2026-W01', period: 'weekly', time: '2025-12-29T00:00:00Z', key: '2026-W01' },
    { name: 'Sunday 2021-01-03 is in 2020-W53', period: 'weekly', time: '2021-01-03T12:00:00Z', key: '2020-W53' },
    { name: 'Sunday 2024-12-29 is in 2024-W52 (2024 has no week 53)', period: 'weekly', time: '2024-12-29T12:00:00Z', key: '2024-W52' },
    { name: 'Monday 2024-12-30 is in 2025-W01 (not "2024-w01")', period: 'weekly', time: '2024-12-30T00:00:00Z', key: '2025-W01' },
    { name: 'a week from a local Sunday evening that is Monday in UTC', period: 'weekly', time: '2027-01-03T23:30:00-01:00', key: '2027-W01' },
    { name: 'epoch milliseconds', period: 'daily', time: Date.UTC(2026, 1, 28, 23, 59, 59, 999), key: '2026-02-28' },
  ] as { name: string; period: Period; time: string | number; key: string }[])('$name: $period $key', ({ period, time, key }) => {
    expect(periodKey(period, time)).toBe(key)
  })

  it('refuses a time without an offset (it would be read in local time)', () => {
    expect(() => periodKey('daily', '2026-01-01T00:30:00')).toThrow(RangeError)
  })

  it.each([
    { name: '2026 has 53 weeks', time: '2026-12-31T00:00:00Z', week: { year: 2026, week: 53 } },
    { name: '2027 has 52 weeks', time: '2027-12-31T00:00:00Z', week: { year: 2027, week: 52 } },
    { name: '2032 has 53 weeks and starts on a Thursday', time: '2032-01-01T00:00:00Z', week: { year: 2032, week: 1 } },
  ])('isoWeek: $name', ({ time, week }) => {
    expect(isoWeek(parseTime(time)!)).toEqual(week)
  })
})

describe('formatSeconds', () => {
  it.each([
    [2592000, '30d'], [5400, '1h30m'], [90061, '1d1h1m1s'], [45, '45s'], [0, '0s'], [21600, '6h'],
  ])('%i seconds is %s', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text)
  })
})

interface Row {
  name: string
  backups: StoredBackup[]
  rules: RetentionRules
  now: string
  options?: RetentionOptions
  keep: [string, string[]][]
  delete: [string, string][]
}

const weekEnd = ['2026-12-28', '2026-12-31', '2027-01-01', '2027-01-03', '2027-01-04', '2027-01-05'].map((d) => b(`${d}T02:00:00Z`))
const dst = ['01:00:00+01:00', '01:30:00+01:00', '03:00:00+02:00', '03:30:00+02:00', '04:00:00+02:00', '04:30:00+02:00', '05:00:00+02:00', '05:30:00+02:00'].map((t) => b(`2026-03-29T${t}`))

describe('planRetention', () => {
  const rows: Row[] = [
    {
      name: 'no rules: nothing is deleted, not even a superseded failure',
      backups: [failed('2026-01-01T02:00:00Z'), b('2026-01-02T02:00:00Z')],
      rules: { minKeep: 1 },
      now: '2026-06-01T00:00:00Z',
      keep: [['20260102T020000Z', ['no retention rule: neither maxAge nor a keep count is set']], ['20260101T020000Z', ['no retention rule: neither maxAge nor a keep count is set']]],
      delete: [],
    },
    {
      name: 'keep counts that are all zero are no rule',
      backups: januaryDays(1, 2),
      rules: { keep: { last: 0, daily: 0 }, minKeep: 1 },
      now: '2026-06-01T00:00:00Z',
      keep: [['20260102T020000Z', ['no retention rule: neither maxAge nor a keep count is set']], ['20260101T020000Z', ['no retention rule: neither maxAge nor a keep count is set']]],
      delete: [],
    },
    {
      name: 'daily 2 keeps the newest backup of each of the two newest days',
      backups: [b('2026-01-01T02:00:00Z'), b('2026-01-02T02:00:00Z'), b('2026-01-02T14:00:00Z'), b('2026-01-03T02:00:00Z'), b('2026-01-03T14:00:00Z')],
      rules: { keep: { daily: 2 }, minKeep: 1 },
      now: '2026-01-04T00:00:00Z',
      keep: [['20260103T140000Z', ['newest successful backup', 'daily 2026-01-03']], ['20260102T140000Z', ['daily 2026-01-02']]],
      delete: [['20260103T020000Z', 'kept by no keep rule'], ['20260102T020000Z', 'kept by no keep rule'], ['20260101T020000Z', 'kept by no keep rule']],
    },
    {
      name: 'daily counts days that have a backup, not calendar days',
      backups: [b('2026-01-01T02:00:00Z'), b('2026-01-05T02:00:00Z'), b('2026-01-20T02:00:00Z')],
      rules: { keep: { daily: 2 }, minKeep: 1 },
      now: '2026-03-01T00:00:00Z',
      keep: [['20260120T020000Z', ['newest successful backup', 'daily 2026-01-20']], ['20260105T020000Z', ['daily 2026-01-05']]],
      delete: [['20260101T020000Z', 'kept by no keep rule']],
    },
    {
      name: 'weekly 2 and yearly 2 across the year end: 2026-12-31 and 2027-01-01 share 2026-W53',
      backups: weekEnd,
      rules: { keep: { weekly: 2, yearly: 2 }, minKeep: 1 },
      now: '2027-01-06T00:00:00Z',
      keep: [['20270105T020000Z', ['newest successful backup', 'weekly 2027-W01', 'yearly 2027']], ['20270103T020000Z', ['weekly 2026-W53']], ['20261231T020000Z', ['yearly 2026']]],
      delete: [['20270104T020000Z', 'kept by no keep rule'], ['20270101T020000Z', 'kept by no keep rule'], ['20261228T020000Z', 'kept by no keep rule']],
    },
    {
      name: 'monthly and daily around a leap day',
      backups: ['2028-02-27', '2028-02-28', '2028-02-29', '2028-03-01'].map((d) => b(`${d}T02:00:00Z`)),
      rules: { keep: { daily: 2, monthly: 2 }, minKeep: 1 },
      now: '2028-03-02T00:00:00Z',
      keep: [['20280301T020000Z', ['newest successful backup', 'daily 2028-03-01', 'monthly 2028-03']], ['20280229T020000Z', ['daily 2028-02-29', 'monthly 2028-02']]],
      delete: [['20280228T020000Z', 'kept by no keep rule'], ['20280227T020000Z', 'kept by no keep rule']],
    },
    {
      name: 'hourly 3 over the spring DST switch counts UTC hours (times given in local offsets)',
      backups: dst,
      rules: { keep: { hourly: 3 }, minKeep: 1 },
      now: '2026-03-29T04:00:00Z',
      keep: [['20260329T033000Z', ['newest successful backup', 'hourly 2026-03-29T03']], ['20260329T023000Z', ['hourly 2026-03-29T02']], ['20260329T013000Z', ['hourly 2026-03-29T01']]],
      delete: ['20260329T030000Z', '20260329T020000Z', '20260329T010000Z', '20260329T003000Z', '20260329T000000Z'].map((id) => [id, 'kept by no keep rule']),
    },
    {
      name: 'hourly 2 over the autumn DST switch: the repeated local hour 02:30 is two UTC hours',
      backups: [b('2026-10-25T02:30:00+02:00'), b('2026-10-25T02:30:00+01:00')],
      rules: { keep: { hourly: 2 }, minKeep: 1 },
      now: '2026-10-25T03:00:00Z',
      keep: [['20261025T013000Z', ['newest successful backup', 'hourly 2026-10-25T01']], ['20261025T003000Z', ['hourly 2026-10-25T00']]],
      delete: [],
    },
    {
      name: 'last 3 skips a failure, which is deleted as superseded by the next newer success',
      backups: [...januaryDays(1, 3), failed('2026-01-04T02:00:00Z'), b('2026-01-05T02:00:00Z')],
      rules: { keep: { last: 3 }, minKeep: 1 },
      now: '2026-01-06T00:00:00Z',
      keep: [['20260105T020000Z', ['newest successful backup', 'last 3']], ['20260103T020000Z', ['last 3']], ['20260102T020000Z', ['last 3']]],
      delete: [['20260104T020000Z', 'failed, superseded by 20260105T020000Z'], ['20260101T020000Z', 'kept by no keep rule']],
    },
    {
      name: 'a failure names the nearest newer success, and one with no newer success is kept',
      backups: [failed('2026-01-01T02:00:00Z'), b('2026-01-02T02:00:00Z'), b('2026-01-03T02:00:00Z'), failed('2026-01-04T02:00:00Z')],
      rules: { keep: { last: 5 }, minKeep: 1 },
      now: '2026-01-05T00:00:00Z',
      keep: [['20260104T020000Z', ['failed, and no newer successful backup yet']], ['20260103T020000Z', ['newest successful backup', 'last 5']], ['20260102T020000Z', ['last 5']]],
      delete: [['20260101T020000Z', 'failed, superseded by 20260102T020000Z']],
    },
    {
      name: 'maxAge 7d keeps what started at most 7 days ago, the boundary included',
      backups: [...januaryDays(1, 3), b('2026-01-03T03:00:00Z'), ...januaryDays(4, 10)],
      rules: { maxAgeSeconds: 7 * DAY, minKeep: 1 },
      now: '2026-01-10T03:00:00Z',
      keep: [['20260110T020000Z', ['newest successful backup', 'younger than 7d']], ...januaryDays(4, 9).reverse().map((x): [string, string[]] => [x.id, ['younger than 7d']]), ['20260103T030000Z', ['younger than 7d']]],
      delete: [['20260103T020000Z', 'older than 7d'], ['20260102T020000Z', 'older than 7d'], ['20260101T020000Z', 'older than 7d']],
    },
    {
      name: 'the newest success is kept even when older than maxAge',
      backups: januaryDays(1, 2),
      rules: { maxAgeSeconds: DAY, minKeep: 1 },
      now: '2026-03-01T00:00:00Z',
      keep: [['20260102T020000Z', ['newest successful backup']]],
      delete: [['20260101T020000Z', 'older than 1d']],
    },
    {
      name: 'minKeep 3 keeps the newest of the backups maxAge would delete',
      backups: januaryDays(1, 5),
      rules: { maxAgeSeconds: DAY, minKeep: 3 },
      now: '2026-02-01T00:00:00Z',
      keep: [['20260105T020000Z', ['newest successful backup']], ['20260104T020000Z', ['minKeep 3']], ['20260103T020000Z', ['minKeep 3']]],
      delete: [['20260102T020000Z', 'older than 1d'], ['20260101T020000Z', 'older than 1d']],
    },
    {
      name: 'minKeep counts successes only: failures do not make up for them',
      backups: [...januaryDays(1, 2), failed('2026-01-03T02:00:00Z'), b('2026-01-04T02:00:00Z')],
      rules: { keep: { last: 1 }, minKeep: 2 },
      now: '2026-01-05T00:00:00Z',
      keep: [['20260104T020000Z', ['newest successful backup', 'last 1']], ['20260102T020000Z', ['minKeep 2']]],
      delete: [['20260103T020000Z', 'failed, superseded by 20260104T020000Z'], ['20260101T020000Z', 'kept by no keep rule']],
    },
    {
      name: 'maxAge and keep together: a backup is kept by either',
      backups: januaryDays(1, 10),
      rules: { maxAgeSeconds: 3 * DAY, keep: { weekly: 1 }, minKeep: 1 },
      now: '2026-01-10T03:00:00Z',
      keep: [['20260110T020000Z', ['newest successful backup', 'weekly 2026-W02', 'younger than 3d']], ['20260109T020000Z', ['younger than 3d']], ['20260108T020000Z', ['younger than 3d']]],
      delete: januaryDays(1, 7).reverse().map((x) => [x.id, 'older than 3d and kept by no keep rule']),
    },
    {
      name: 'after a failed run nothing is deleted, and the plan says what would have been',
      backups: [...januaryDays(1, 2), failed('2026-01-03T02:00:00Z'), b('2026-01-04T02:00:00Z')],
      rules: { keep: { last: 1 }, minKeep: 1 },
      now: '2026-01-05T00:00:00Z',
      options: { lastRunOk: false },
      keep: [
        ['20260104T020000Z', ['newest successful backup', 'last 1']],
        ['20260103T020000Z', ['held: the last run failed, and nothing is deleted until a backup succeeds; otherwise deleted: failed, superseded by 20260104T020000Z']],
        ['20260102T020000Z', ['held: the last run failed, and nothing is deleted until a backup succeeds; otherwise deleted: kept by no keep rule']],
        ['20260101T020000Z', ['held: the last run failed, and nothing is deleted until a backup succeeds; otherwise deleted: kept by no keep rule']],
      ],
      delete: [],
    },
    {
      name: 'a start time without an offset cannot be read, and is kept',
      backups: [b('2026-01-02T02:00:00Z'), { id: '20260101T020000Z', time: '2026-01-01T02:00:00', complete: true, ok: true }],
      rules: { keep: { last: 1 }, minKeep: 1 },
      now: '2026-01-05T00:00:00Z',
      keep: [['20260102T020000Z', ['newest successful backup', 'last 1']], ['20260101T020000Z', ['its start time 2026-01-01T02:00:00 is not an RFC 3339 time']]],
      delete: [],
    },
    {
      name: 'an unreadable time now holds everything',
      backups: januaryDays(1, 2),
      rules: { keep: { last: 1 }, minKeep: 1 },
      now: 'now',
      keep: [['20260102T020000Z', ['held: the time now (now) is not an RFC 3339 time']], ['20260101T020000Z', ['held: the time now (now) is not an RFC 3339 time']]],
      delete: [],
    },
  ]

  it.each(rows)('$name', (row) => {
    const plan = planRetention(row.backups, row.rules, row.now, row.options ?? OK)
    expect(plan.keep.map((k): [string, string[]] => [k.id, k.reasons])).toEqual(row.keep)
    expect(plan.delete.map((d): [string, string] => [d.id, d.reason])).toEqual(row.delete)
    expect(plan.untracked).toEqual([])
    expect(plan.held === undefined).toBe(row.options?.lastRunOk !== false && parseTime(row.now) !== undefined)
  })

  it('the held plan explains itself', () => {
    expect(planRetention(januaryDays(1, 2), { keep: { last: 1 }, minKeep: 1 }, '2026-01-05T00:00:00Z', { lastRunOk: false }).held).toBe('the last run failed, and nothing is deleted until a backup succeeds')
  })

  it.each([
    { name: 'no rules', rules: { minKeep: 1 }, policy: false },
    { name: 'all keep counts zero', rules: { keep: { last: 0, hourly: 0, daily: 0, weekly: 0, monthly: 0, yearly: 0 }, minKeep: 3 }, policy: false },
    { name: 'a maxAge', rules: { maxAgeSeconds: 60, minKeep: 1 }, policy: true },
    { name: 'one keep count', rules: { keep: { yearly: 1 }, minKeep: 1 }, policy: true },
  ])('hasRetentionPolicy: $name', ({ rules, policy }) => {
    expect(hasRetentionPolicy(rules)).toBe(policy)
  })
})

describe('incomplete backups', () => {
  const now = '2026-01-10T12:00:00Z'
  const stale = b('2026-01-10T02:00:00Z', { complete: false, keys: ['p/20260110T020000Z/data.dump.zst.partial', 'p/20260110T020000Z/data.dump.zst'] })
  const running = b('2026-01-10T08:00:00Z', { complete: false, keys: ['p/20260110T080000Z/data.dump.zst.partial'] })
  const bare = b('2026-01-09T02:00:00Z', { complete: false })
  const backups = [b('2026-01-08T02:00:00Z'), stale, running, bare]
  const rules: RetentionRules = { keep: { last: 1 }, minKeep: 1 }
  const staleReason = 'incomplete (no manifest) and older than the run timeout of 6h: left by a crashed or cancelled run'
  const youngReason = 'incomplete (no manifest) and younger than the run timeout of 6h: a run may still be writing it'

  it.each([
    {
      name: 'older than the run timeout: every object is untracked; younger: left alone',
      options: { lastRunOk: true, staleAfterSeconds: 6 * 3600 },
      untracked: [['20260109T020000Z', '20260109T020000Z/'], ['20260110T020000Z', 'p/20260110T020000Z/data.dump.zst'], ['20260110T020000Z', 'p/20260110T020000Z/data.dump.zst.partial']],
      pending: [['20260110T080000Z', youngReason]],
    },
    {
      name: 'exactly the run timeout old: still left alone',
      options: { lastRunOk: true, staleAfterSeconds: 10 * 3600 },
      untracked: [['20260109T020000Z', '20260109T020000Z/']],
      pending: [['20260110T020000Z', 'incomplete (no manifest) and younger than the run timeout of 10h: a run may still be writing it'], ['20260110T080000Z', 'incomplete (no manifest) and younger than the run timeout of 10h: a run may still be writing it']],
    },
    {
      name: 'without a run timeout nothing incomplete is touched',
      options: { lastRunOk: true },
      untracked: [],
      pending: ['20260109T020000Z', '20260110T020000Z', '20260110T080000Z'].map((id) => [id, 'incomplete (no manifest); without the run timeout it may still be in progress']),
    },
    {
      name: 'after a failed run stale leftovers are held too',
      options: { lastRunOk: false, staleAfterSeconds: 6 * 3600 },
      untracked: [],
      pending: [['20260109T020000Z', `held: the last run failed, and nothing is deleted until a backup succeeds; otherwise deleted: ${staleReason}`], ['20260110T020000Z', `held: the last run failed, and nothing is deleted until a backup succeeds; otherwise deleted: ${staleReason}`], ['20260110T080000Z', youngReason]],
    },
  ])('$name', ({ options, untracked: objects, pending }) => {
    const plan = planRetention(backups, rules, now, options)
    expect(plan.untracked.map((u) => [u.id, u.key])).toEqual(objects)
    for (const u of plan.untracked) expect(u.reason).toBe(staleReason.replace('6h', formatSeconds(options.staleAfterSeconds ?? 0)))
    expect(plan.pending.map((p) => [p.id, p.reason])).toEqual(pending)
    expect(plan.keep.map((k) => k.id)).toEqual(['20260108T020000Z'])
  })

  it('an incomplete backup with an unreadable time is left alone', () => {
    const plan = planRetention([{ id: 'x', time: 'yesterday', complete: false, ok: true }], rules, now, { lastRunOk: true, staleAfterSeconds: 60 })
    expect(plan.pending).toEqual([{ id: 'x', reason: 'incomplete (no manifest), and its start time yesterday is not an RFC 3339 time' }])
    expect(plan.untracked).toEqual([])
  })

  it('untracked() lists the stale incomplete backups once each, whatever the last run did', () => {
    expect(untracked(backups, now, 6 * 3600)).toEqual([{ id: '20260109T020000Z', reason: staleReason }, { id: '20260110T020000Z', reason: staleReason }])
  })
})

describe('plans are the same in every time zone and input order', () => {
  it('the same instants written with other offsets, in reverse order, give the same plan', () => {
    const utc = weekEnd
    const shifted = [...utc].reverse().map((x) => ({ ...x, time: x.time.replace('Z', '+00:00') }))
    const tokyo = utc.map((x) => ({ ...x, time: x.time.replace('T02:00:00Z', 'T11:00:00+09:00') }))
    const rules = { keep: { weekly: 2, daily: 1 }, maxAgeSeconds: DAY, minKeep: 2 }
    const plan = (xs: StoredBackup[]): RetentionPlan => planRetention(xs, rules, '2027-01-06T00:00:00Z', OK)
    expect(plan(shifted)).toEqual(plan(utc))
    expect(plan(tokyo)).toEqual(plan(utc))
    expect(plan(utc).delete.length).toBeGreaterThan(0)
  })
})
