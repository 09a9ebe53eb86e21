/** Retention properties over generated histories. */
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { backupId } from '../../providers/backup/backup-id.js'
import { periodKey, planRetention, type StoredBackup } from '../../providers/backup/retention.js'

const START = Date.UTC(2024, 11, 1)
const history = fc
  .uniqueArray(fc.record({ offsetHours: fc.integer({ min: 0, max: 24 * 800 }), ok: fc.boolean(), complete: fc.boolean() }), { selector: (x) => x.offsetHours, maxLength: 60 })
  .map((xs) => xs.map((x): StoredBackup => {
    const time = new Date(START + x.offsetHours * 3600_000).toISOString().replace('.000Z', 'Z')
    return { id: backupId(time), time, ok: x.ok, complete: x.complete }
  }))
const keep = fc.record({ last: fc.integer({ min: 0, max: 5 }), hourly: fc.integer({ min: 0, max: 5 }), daily: fc.integer({ min: 0, max: 10 }), weekly: fc.integer({ min: 0, max: 6 }), monthly: fc.integer({ min: 0, max: 12 }), yearly: fc.integer({ min: 0, max: 3 }) }, { requiredKeys: [] })
const rules = fc.record({ maxAgeSeconds: fc.option(fc.integer({ min: 3600, max: 400 * 86400 }), { nil: undefined }), keep: fc.option(keep, { nil: undefined }), minKeep: fc.integer({ min: 1, max: 5 }) }).map((r) => ({ minKeep: r.minKeep, ...(r.maxAgeSeconds === undefined ? {} : { maxAgeSeconds: r.maxAgeSeconds }), ...(r.keep === undefined ? {} : { keep: r.keep }) }))
const NOW = '2027-02-15T00:00:00Z'

describe('retention properties', () => {
  test.prop([history, rules], { numRuns: 1000 })('the plan partitions the complete backups, keeps the newest success and at least minKeep successes', (backups, r) => {
    const plan = planRetention(backups, r, NOW, { lastRunOk: true })
    const complete = backups.filter((b) => b.complete)
    const kept = new Set(plan.keep.map((k) => k.id))
    const deleted = new Set(plan.delete.map((d) => d.id))
    expect(kept.size + deleted.size).toBe(complete.length)
    expect([...kept].filter((id) => deleted.has(id))).toEqual([])
    const good = complete.filter((b) => b.ok).sort((a, b) => (a.time < b.time ? 1 : -1))
    if (good[0] !== undefined) expect(kept.has(good[0].id)).toBe(true)
    expect(good.filter((g) => kept.has(g.id)).length).toBeGreaterThanOrEqual(Math.min(r.minKeep, good.length))
  })

  test.prop([history, rules], { numRuns: 500 })('after a failed run nothing is deleted', (backups, r) => {
    expect(planRetention(backups, r, NOW, { lastRunOk: false }).delete).toEqual([])
  })

  test.prop([history, keep], { numRuns: 500 })('every period rule keeps at most its count of distinct periods, and exactly that many when there are enough', (backups, k) => {
    const plan = planRetention(backups, { keep: k, minKeep: 1 }, NOW, { lastRunOk: true })
    for (const period of ['hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const) {
      const reasons = plan.keep.flatMap((x) => x.reasons.filter((r) => r.startsWith(`${period} `)))
      const periods = new Set(backups.filter((b) => b.complete && b.ok).map((b) => periodKey(period, b.time)))
      expect(new Set(reasons).size).toBe(reasons.length)
      expect(reasons.length).toBe(Math.min(k[period] ?? 0, periods.size))
    }
  })

  test.prop([history, rules])('deterministic', (backups, r) => {
    expect(planRetention(backups, r, NOW, { lastRunOk: true })).toEqual(planRetention([...backups].reverse(), r, NOW, { lastRunOk: true }))
  })
})
