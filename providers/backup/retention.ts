/**
 * The retention planner: given what one location stores and the time, which
 * backups to keep and which to delete, each with its reasons. Time-based
 * (maxAge) and grandfather-father-son (last N, and the newest backup of each
 * of the last N hours, days, ISO weeks, months and years, in UTC). Rules
 * that always hold: the newest successful backup is never deleted; never
 * fewer than minKeep successful backups are left; nothing is deleted after a
 * failed run; incomplete backups (no manifest) are deleted only once they are
 * older than a run can take, and reported as untracked.
 */
import type { KeepSpec } from '../../api/database-backup.js'

export interface StoredBackup {
  id: string
  /** Start time, RFC 3339. */
  time: string
  /** The manifest is written (the data is complete). */
  complete: boolean
  /** The backup succeeded (a complete backup can record a failure, e.g. a failed verification). */
  ok: boolean
}

export interface RetentionRules {
  maxAgeSeconds?: number
  keep?: KeepSpec
  minKeep: number
}

export interface RetentionPlan {
  keep: { id: string; reasons: string[] }[]
  delete: { id: string; reason: string }[]
  /** Why nothing is deleted, when that is the case for a reason other than "all kept". */
  held?: string
}

type Period = 'hourly' | 'daily' | 'weekly' | 'monthly' | 'yearly'
const PERIODS: readonly Period[] = ['hourly', 'daily', 'weekly', 'monthly', 'yearly']

/** ISO 8601 week-year and week (the year of the week's Thursday). */
export function isoWeek(date: Date): { year: number; week: number } {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()))
  const day = d.getUTCDay() === 0 ? 7 : d.getUTCDay()
  d.setUTCDate(d.getUTCDate() + 4 - day)
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1)
  return { year: d.getUTCFullYear(), week: Math.ceil(((d.getTime() - yearStart) / 86400000 + 1) / 7) }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** The UTC period a time falls in, as a readable key (`2026-01-02T03`, `2026-01-02`, `2026-W01`, `2026-01`, `2026`). */
export function periodKey(period: Period, iso: string): string {
  const d = new Date(iso)
  const y = d.getUTCFullYear()
  switch (period) {
    case 'hourly':
      return `${y}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}`
    case 'daily':
      return `${y}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
    case 'weekly': {
      const w = isoWeek(d)
      return `${w.year}-W${pad(w.week)}`
    }
    case 'monthly':
      return `${y}-${pad(d.getUTCMonth() + 1)}`
    case 'yearly':
      return String(y)
  }
}

function newestFirst(a: StoredBackup, b: StoredBackup): number {
  return a.time < b.time ? 1 : a.time > b.time ? -1 : a.id < b.id ? 1 : -1
}

/** Reasons to keep each successful backup, from the keep rules. */
function keepReasons(good: readonly StoredBackup[], keep: KeepSpec | undefined): Map<string, string[]> {
  const reasons = new Map<string, string[]>()
  const add = (id: string, why: string) => reasons.set(id, [...(reasons.get(id) ?? []), why])
  good.slice(0, keep?.last ?? 0).forEach((b, i) => add(b.id, `last ${i + 1} of ${keep?.last ?? 0}`))
  for (const period of PERIODS) {
    const count = keep?.[period] ?? 0
    const seen = new Set<string>()
    for (const b of good) {
      const key = periodKey(period, b.time)
      if (seen.has(key) || seen.size >= count) continue
      seen.add(key)
      add(b.id, `${period} ${key}`)
    }
  }
  return reasons
}

export function planRetention(stored: readonly StoredBackup[], rules: RetentionRules, now: string, options: { lastRunOk: boolean }): RetentionPlan {
  const complete = [...stored].filter((b) => b.complete).sort(newestFirst)
  const good = complete.filter((b) => b.ok)
  const all = complete.map((b) => b.id)
  const keepAll = (held?: string): RetentionPlan => ({ keep: all.map((id) => ({ id, reasons: [held ?? 'no retention rule deletes it'] })), delete: [], ...(held === undefined ? {} : { held }) })
  if (!options.lastRunOk) return keepAll('the last run failed: nothing is deleted until a backup succeeds again')
  if (rules.maxAgeSeconds === undefined && rules.keep === undefined) return keepAll()
  const reasons = keepReasons(good, rules.keep)
  const newest = good[0]
  if (newest !== undefined) reasons.set(newest.id, [...(reasons.get(newest.id) ?? []), 'newest successful backup'])
  const cutoff = rules.maxAgeSeconds === undefined ? undefined : new Date(Date.parse(now) - rules.maxAgeSeconds * 1000).toISOString()
  const plan: RetentionPlan = { keep: [], delete: [] }
  let goodLeft = good.length
  for (const b of complete) {
    const why = reasons.get(b.id)
    const young = cutoff !== undefined && b.time >= cutoff
    const supersededFailure = !b.ok && newest !== undefined && b.time < newest.time
    if (why !== undefined || (young && !supersededFailure) || (!b.ok && !supersededFailure)) {
      plan.keep.push({ id: b.id, reasons: why ?? [!b.ok ? 'failed, but no newer success yet' : 'younger than maxAge'] })
      continue
    }
    if (b.ok && goodLeft <= rules.minKeep) {
      plan.keep.push({ id: b.id, reasons: [`minKeep ${rules.minKeep}`] })
      continue
    }
    plan.delete.push({ id: b.id, reason: !b.ok ? `failed, superseded by ${newest?.id ?? ''}` : cutoff !== undefined && b.time < cutoff ? `older than maxAge and kept by no rule` : 'kept by no rule' })
    if (b.ok) goodLeft--
  }
  return plan
}

/** Incomplete backups (no manifest) old enough that no run can still be writing them. */
export function untracked(stored: readonly StoredBackup[], now: string, staleAfterSeconds: number): { id: string; reason: string }[] {
  const limit = new Date(Date.parse(now) - staleAfterSeconds * 1000).toISOString()
  return stored.filter((b) => !b.complete && b.time < limit).map((b) => ({ id: b.id, reason: `incomplete (no manifest) and older than the run timeout of ${staleAfterSeconds}s` }))
}
