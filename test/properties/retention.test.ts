/**
 * Retention properties over generated histories: times spread over three
 * year ends (2026 has an ISO week 53, 2028 a leap day), dense and sparse,
 * written with arbitrary UTC offsets; failures and incomplete backups mixed in.
 * The GFS checks use an oracle that groups times by plain arithmetic on epoch
 * milliseconds (weeks counted from Monday 1970-01-05), independent of the
 * period keys.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { backupId } from '../../providers/backup/backup-id.js'
import { PERIODS, type Period, periodKey } from '../../providers/backup/periods.js'
import { KEEP_RULES, planRetention, type RetentionOptions, type RetentionPlan, type RetentionRules, type StoredBackup } from '../../providers/backup/retention.js'
import { parseTime } from '../../providers/backup/time.js'

const START = Date.UTC(2024, 11, 20)
const END = Date.UTC(2028, 2, 10)
const HOUR = 3_600_000
const DAY = 24 * HOUR
const MONDAY = Date.UTC(1970, 0, 5)

/** The instant written in local time at a UTC offset (minutes). */
function withOffset(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19)
  const sign = offsetMinutes < 0 ? '-' : '+'
  const abs = Math.abs(offsetMinutes)
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

const offset = fc.integer({ min: -48, max: 56 }).map((q) => q * 15)
/** Start times: sparse over three years (hours), or dense within a few days (seconds). */
const instant = fc.oneof(
  fc.integer({ min: 0, max: Math.floor((END - START) / HOUR) }).map((h) => START + h * HOUR),
  fc.integer({ min: 0, max: 10 * 86400 }).map((s) => Date.UTC(2026, 11, 26) + s * 1000),
)
interface Generated { ms: number; ok: boolean; complete: boolean; offset: number }
const historyOf = fc.uniqueArray(fc.record({ ms: instant, ok: fc.boolean(), complete: fc.boolean(), offset }), { selector: (x) => Math.floor(x.ms / 1000), maxLength: 60 })
const render = (xs: readonly Generated[], offsetOverride?: number): StoredBackup[] =>
  xs.map((x) => ({ id: backupId(x.ms), time: withOffset(x.ms, offsetOverride ?? x.offset), ok: x.ok, complete: x.complete, ...(x.complete ? {} : { keys: [`p/${backupId(x.ms)}/data.dump.zst`] }) }))
const keep = fc.record({ last: fc.integer({ min: 0, max: 5 }), hourly: fc.integer({ min: 0, max: 5 }), daily: fc.integer({ min: 0, max: 8 }), weekly: fc.integer({ min: 0, max: 6 }), monthly: fc.integer({ min: 0, max: 12 }), yearly: fc.integer({ min: 0, max: 3 }) }, { requiredKeys: [] })
const rulesOf = fc
  .record({ maxAgeSeconds: fc.option(fc.integer({ min: 60, max: 500 * 86400 }), { nil: undefined }), keep: fc.option(keep, { nil: undefined }), minKeep: fc.integer({ min: 1, max: 6 }) })
  .map((r): RetentionRules => ({ minKeep: r.minKeep, ...(r.maxAgeSeconds === undefined ? {} : { maxAgeSeconds: r.maxAgeSeconds }), ...(r.keep === undefined ? {} : { keep: r.keep }) }))
const optionsOf = fc.record({ lastRunOk: fc.boolean(), staleAfterSeconds: fc.option(fc.integer({ min: 60, max: 7 * 86400 }), { nil: undefined }) }).map((o): RetentionOptions => ({ lastRunOk: o.lastRunOk, ...(o.staleAfterSeconds === undefined ? {} : { staleAfterSeconds: o.staleAfterSeconds }) }))
const nowOf = fc.integer({ min: 0, max: 400 * 24 }).map((h) => END + h * HOUR)

const ms = (b: StoredBackup) => parseTime(b.time)!
/** Successful complete backups, newest first. */
const successes = (xs: readonly StoredBackup[]) => xs.filter((b) => b.ok && b.complete).sort((a, b) => ms(b) - ms(a))
const keptIds = (plan: RetentionPlan) => new Set(plan.keep.map((k) => k.id))
const hasPolicy = (r: RetentionRules) => r.maxAgeSeconds !== undefined || KEEP_RULES.some((k) => (r.keep?.[k] ?? 0) > 0)

function group(period: Period, t: number): number {
  const d = new Date(t)
  switch (period) {
    case 'hourly': return Math.floor(t / HOUR)
    case 'daily': return Math.floor(t / DAY)
    case 'weekly': return Math.floor((t - MONDAY) / (7 * DAY))
    case 'monthly': return d.getUTCFullYear() * 12 + d.getUTCMonth()
    case 'yearly': return d.getUTCFullYear()
  }
}

/** The oracle: the newest success of each of the `count` newest groups that have one. */
function expectedGfs(good: readonly StoredBackup[], period: Period, count: number): string[] {
  const seen = new Set<number>()
  const ids: string[] = []
  for (const b of good) {
    const g = group(period, ms(b))
    if (seen.has(g) || seen.size >= count) continue
    seen.add(g)
    ids.push(b.id)
  }
  return ids
}

const run = fc.tuple(historyOf, rulesOf, optionsOf, nowOf)

describe('retention properties', () => {
  test.prop([run], { numRuns: 500 })('the plan partitions the input: each complete backup kept or deleted, each incomplete one untracked or pending, never twice', ([xs, rules, options, now]) => {
    const backups = render(xs)
    const plan = planRetention(backups, rules, now, options)
    const complete = backups.filter((b) => b.complete).map((b) => b.id).sort()
    expect([...plan.keep.map((k) => k.id), ...plan.delete.map((d) => d.id)].sort()).toEqual(complete)
    const incomplete = backups.filter((b) => !b.complete).map((b) => b.id).sort()
    const untrackedIds = [...new Set(plan.untracked.map((u) => u.id))]
    expect([...untrackedIds, ...plan.pending.map((p) => p.id)].sort()).toEqual(incomplete)
    for (const k of plan.keep) expect(k.reasons.length).toBeGreaterThan(0)
    for (const d of plan.delete) expect(d.reason).not.toBe('')
  })

  test.prop([run], { numRuns: 500 })('never deletes the newest success, never leaves fewer than minKeep successes', ([xs, rules, options, now]) => {
    const backups = render(xs)
    const plan = planRetention(backups, rules, now, options)
    const good = successes(backups)
    const kept = keptIds(plan)
    if (good[0] !== undefined) expect(kept.has(good[0].id)).toBe(true)
    if (good[0] !== undefined && hasPolicy(rules)) expect(plan.keep.find((k) => k.id === good[0]?.id)?.reasons[0]).toBe('newest successful backup')
    expect(good.filter((g) => kept.has(g.id)).length).toBeGreaterThanOrEqual(Math.min(rules.minKeep, good.length))
  })

  test.prop([run], { numRuns: 500 })('GFS keeps exactly the newest success of each of the N newest periods, and what a rule keeps is never deleted', ([xs, rules, options, now]) => {
    const backups = render(xs)
    const plan = planRetention(backups, rules, now, options)
    const good = successes(backups)
    const kept = keptIds(plan)
    const reasonsOf = (period: string) => plan.keep.filter((k) => k.reasons.some((r) => r.startsWith(`${period} `))).map((k) => k.id)
    for (const period of PERIODS) {
      const count = rules.keep?.[period] ?? 0
      const expected = hasPolicy(rules) ? expectedGfs(good, period, count) : []
      expect(new Set(reasonsOf(period))).toEqual(new Set(expected))
      const groups = new Set(good.map((b) => group(period, ms(b)))).size
      expect(expected.length).toBe(hasPolicy(rules) ? Math.min(count, groups) : 0)
      for (const id of expected) expect(kept.has(id)).toBe(true)
    }
    const last = hasPolicy(rules) ? good.slice(0, rules.keep?.last ?? 0).map((b) => b.id) : []
    expect(new Set(reasonsOf('last'))).toEqual(new Set(last))
  })

  test.prop([run], { numRuns: 300 })('failures count for no rule and are deleted once a newer success exists', ([xs, rules, _options, now]) => {
    const backups = render(xs)
    const plan = planRetention(backups, rules, now, { lastRunOk: true })
    const newest = successes(backups)[0]
    for (const b of backups.filter((x) => x.complete && !x.ok)) {
      const superseded = newest !== undefined && ms(newest) > ms(b)
      if (hasPolicy(rules) && superseded) expect(plan.delete.find((d) => d.id === b.id)?.reason).toMatch(/^failed, superseded by \d{8}T\d{6}Z$/)
      else expect(plan.keep.some((k) => k.id === b.id)).toBe(true)
    }
  })

  test.prop([run], { numRuns: 300 })('what is deleted is older than maxAge; stale leftovers only are untracked', ([xs, rules, options, now]) => {
    const backups = render(xs)
    const plan = planRetention(backups, rules, now, options)
    const byId = new Map(backups.map((b) => [b.id, b]))
    for (const d of plan.delete) {
      const b = byId.get(d.id)!
      if (b.ok && rules.maxAgeSeconds !== undefined) expect(now - ms(b)).toBeGreaterThan(rules.maxAgeSeconds * 1000)
    }
    for (const u of plan.untracked) {
      const b = byId.get(u.id)!
      expect(b.complete).toBe(false)
      expect(now - ms(b)).toBeGreaterThan((options.staleAfterSeconds ?? Infinity) * 1000)
    }
  })

  test.prop([run], { numRuns: 300 })('after a failed run nothing is deleted; without rules no backup is deleted', ([xs, rules, options, now]) => {
    const backups = render(xs)
    const held = planRetention(backups, rules, now, { ...options, lastRunOk: false })
    expect(held.delete).toEqual([])
    expect(held.untracked).toEqual([])
    expect(held.held).toBeDefined()
    expect(held.keep.length).toBe(backups.filter((b) => b.complete).length)
    expect(planRetention(backups, { minKeep: rules.minKeep }, now, options).delete).toEqual([])
  })

  test.prop([run.chain(([xs, ...rest]) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length }), offset, fc.constant(rest)))], { numRuns: 300 })('deterministic: the same plan again, in any input order, with the times written at any offset', ([xs, shuffled, other, [rules, options, now]]) => {
    const plan = planRetention(render(xs), rules, now, options)
    expect(planRetention(render(xs), rules, now, options)).toEqual(plan)
    expect(planRetention(render(shuffled, other), rules, new Date(now).toISOString(), options)).toEqual(plan)
  })

  test.prop([instant, instant, offset])('two times share a period key exactly when they share the period', (a, b, off) => {
    for (const period of PERIODS) {
      expect(periodKey(period, withOffset(a, off)) === periodKey(period, b)).toBe(group(period, a) === group(period, b))
      expect(periodKey(period, a) < periodKey(period, b)).toBe(group(period, a) < group(period, b))
    }
  })
})
