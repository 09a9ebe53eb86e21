/**
 * The retention planner: given what one location stores, the rules and the
 * time, which backups to keep and which to delete, each with its reasons.
 * It runs per location, on what that location really holds.
 *
 * Complete backups (manifest present):
 * - With neither maxAge nor a positive keep count, nothing is deleted.
 * - Keep rules count successful backups only: `last` keeps the N newest;
 *   `hourly`…`yearly` keep the newest backup of each of the N newest UTC
 *   periods that have one (periods.ts defines the periods and their keys).
 * - maxAge keeps every successful backup started at most maxAge ago. A
 *   successful backup kept by no rule is deleted: with maxAge, once it is
 *   older than maxAge; with keep rules alone, at once.
 * - The newest successful backup is never deleted, and never fewer than
 *   minKeep successful backups are left (the newest of the ones to delete
 *   are kept instead).
 * - A failed backup (ok = false) counts for no rule; it is deleted once a
 *   newer successful backup exists, and kept until then.
 * - A backup whose start time cannot be read is kept.
 *
 * Incomplete backups (no manifest) are a crashed run's leftovers or a run in
 * progress: older than `staleAfterSeconds` (the run timeout) their objects
 * are `untracked`, to delete; younger ones, or all of them when no timeout
 * is given, are `pending` and left alone.
 *
 * After a failed run nothing at all is deleted: the plan is computed, held,
 * and says what it would have deleted.
 */
import type { RunnerConfig } from '../../api/runner.js'
import type { KeepSpec } from '../../api/database-backup.js'
import { PERIODS, periodKey } from './periods.js'
import { formatSeconds, parseTime } from './time.js'

export interface StoredBackup {
  id: string
  /** Start time, RFC 3339. */
  time: string
  /** The manifest is there: the data is complete. */
  complete: boolean
  /** The backup succeeded (a complete backup can still record a failure). */
  ok: boolean
  /** The objects stored under the backup's directory (reported for incomplete backups). */
  keys?: readonly string[]
}

export type RetentionRules = RunnerConfig['retention']

export interface RetentionOptions {
  /** The run this plan follows succeeded. False: nothing is deleted. */
  lastRunOk: boolean
  /** Age after which no run can still be writing an incomplete backup: the run timeout. Without it, incomplete backups are left alone. */
  staleAfterSeconds?: number
}

export interface KeptBackup { id: string; reasons: string[] }
export interface DeletedBackup { id: string; reason: string }
/** An object of an incomplete backup, to delete. */
export interface UntrackedObject { id: string; key: string; reason: string }
/** An incomplete backup left alone. */
export interface PendingBackup { id: string; reason: string }

export interface RetentionPlan {
  /** Complete backups to keep, newest first (those with an unreadable start time last). */
  keep: KeptBackup[]
  /** Complete backups to delete, newest first. */
  delete: DeletedBackup[]
  /** Objects of incomplete backups to delete, oldest first. */
  untracked: UntrackedObject[]
  /** Incomplete backups left alone, oldest first. */
  pending: PendingBackup[]
  /** Why nothing is deleted, when the plan is held. */
  held?: string
}

export const KEEP_RULES = ['last', ...PERIODS] as const

/** Whether the rules delete anything at all: a maxAge, or a keep count above zero. */
export function hasRetentionPolicy(rules: RetentionRules): boolean {
  return rules.maxAgeSeconds !== undefined || KEEP_RULES.some((rule) => (rules.keep?.[rule] ?? 0) > 0)
}

interface Dated { b: StoredBackup; ms: number }

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Newest first; equal times by id, then complete, then ok, so the order does not depend on the input's. */
function newestFirst(x: Dated, y: Dated): number {
  return y.ms - x.ms || cmp(y.b.id, x.b.id) || Number(y.b.complete) - Number(x.b.complete) || Number(y.b.ok) - Number(x.b.ok)
}

/** The reasons the keep rules give for each successful backup (`good` newest first). */
function ruleReasons(good: readonly Dated[], keep: KeepSpec | undefined): Map<Dated, string[]> {
  const reasons = new Map<Dated, string[]>()
  const add = (x: Dated, why: string) => reasons.set(x, [...(reasons.get(x) ?? []), why])
  const last = keep?.last ?? 0
  for (const x of good.slice(0, last)) add(x, `last ${last}`)
  for (const period of PERIODS) {
    const count = keep?.[period] ?? 0
    const seen = new Set<string>()
    for (const x of good) {
      if (seen.size >= count) break
      const key = periodKey(period, x.ms)
      if (seen.has(key)) continue
      seen.add(key)
      add(x, `${period} ${key}`)
    }
  }
  return reasons
}

type Decision = { keep: string[] } | { delete: string }

function deletionReason(rules: RetentionRules): string {
  const rulesKeep = KEEP_RULES.some((rule) => (rules.keep?.[rule] ?? 0) > 0)
  if (rules.maxAgeSeconds === undefined) return 'kept by no keep rule'
  const old = `older than ${formatSeconds(rules.maxAgeSeconds)}`
  return rulesKeep ? `${old} and kept by no keep rule` : old
}

/** Why a successful backup is kept by the rules (empty: it is not). */
function successReasons(x: Dated, newest: boolean, ruled: readonly string[], rules: RetentionRules, now: number): string[] {
  const maxAge = rules.maxAgeSeconds
  const young = maxAge !== undefined && now - x.ms <= maxAge * 1000 ? [`younger than ${formatSeconds(maxAge)}`] : []
  return [...(newest ? ['newest successful backup'] : []), ...ruled, ...young]
}

/** Keep or delete, for each complete backup with a readable time (`sorted` newest first). */
function decide(sorted: readonly Dated[], rules: RetentionRules, now: number): Map<Dated, Decision> {
  const decisions = new Map<Dated, Decision>()
  if (!hasRetentionPolicy(rules)) {
    for (const x of sorted) decisions.set(x, { keep: ['no retention rule: neither maxAge nor a keep count is set'] })
    return decisions
  }
  const good = sorted.filter((x) => x.b.ok)
  const reasons = ruleReasons(good, rules.keep)
  /** The nearest successful backup newer than the one looked at. */
  let newerSuccess: Dated | undefined
  const candidates: Dated[] = []
  for (const x of sorted) {
    if (!x.b.ok) {
      decisions.set(x, newerSuccess === undefined ? { keep: ['failed, and no newer successful backup yet'] } : { delete: `failed, superseded by ${newerSuccess.b.id}` })
      continue
    }
    const why = successReasons(x, newerSuccess === undefined, reasons.get(x) ?? [], rules, now)
    newerSuccess = x
    if (why.length > 0) decisions.set(x, { keep: why })
    else candidates.push(x)
  }
  let left = good.length - candidates.length
  for (const x of candidates) {
    if (left < rules.minKeep) {
      decisions.set(x, { keep: [`minKeep ${rules.minKeep}`] })
      left++
    } else decisions.set(x, { delete: deletionReason(rules) })
  }
  return decisions
}

function incompleteObjects(x: Dated, reason: string): UntrackedObject[] {
  const keys = x.b.keys === undefined || x.b.keys.length === 0 ? [`${x.b.id}/`] : [...x.b.keys].sort(cmp)
  return keys.map((key) => ({ id: x.b.id, key, reason }))
}

interface IncompleteInput {
  readable: readonly Dated[]
  unreadable: readonly StoredBackup[]
  now: number | undefined
  staleAfterSeconds: number | undefined
  held: string | undefined
}

const heldReason = (held: string, reason: string) => `held: ${held}; otherwise deleted: ${reason}`

/** Incomplete backups: untracked (to delete) or pending (left alone), oldest first. */
function sortIncomplete({ readable, unreadable, now, staleAfterSeconds, held }: IncompleteInput): Pick<RetentionPlan, 'untracked' | 'pending'> {
  const untracked: UntrackedObject[] = []
  const pending: PendingBackup[] = unreadable.map((b) => ({ id: b.id, reason: `incomplete (no manifest), and its start time ${b.time} is not an RFC 3339 time` }))
  for (const x of [...readable].sort(newestFirst).reverse()) {
    if (staleAfterSeconds === undefined || now === undefined) {
      pending.push({ id: x.b.id, reason: 'incomplete (no manifest); without the run timeout it may still be in progress' })
    } else if (now - x.ms <= staleAfterSeconds * 1000) {
      pending.push({ id: x.b.id, reason: `incomplete (no manifest) and younger than the run timeout of ${formatSeconds(staleAfterSeconds)}: a run may still be writing it` })
    } else {
      const reason = `incomplete (no manifest) and older than the run timeout of ${formatSeconds(staleAfterSeconds)}: left by a crashed or cancelled run`
      if (held === undefined) untracked.push(...incompleteObjects(x, reason))
      else pending.push({ id: x.b.id, reason: heldReason(held, reason) })
    }
  }
  return { untracked, pending }
}

/** Plans retention for the backups of one location at `now` (RFC 3339 or epoch milliseconds). */
export function planRetention(backups: readonly StoredBackup[], rules: RetentionRules, now: string | number, options: RetentionOptions): RetentionPlan {
  const at = parseTime(now)
  const held = at === undefined ? `the time now (${String(now)}) is not an RFC 3339 time` : options.lastRunOk ? undefined : 'the last run failed, and nothing is deleted until a backup succeeds'
  const dated = backups.map((b) => ({ b, ms: parseTime(b.time) }))
  const readable = dated.filter((x): x is Dated => x.ms !== undefined)
  const complete = readable.filter((x) => x.b.complete).sort(newestFirst)
  const unreadable = dated.filter((x) => x.ms === undefined).map((x) => x.b).sort((a, b) => cmp(a.id, b.id))
  const decisions = at === undefined ? new Map<Dated, Decision>() : decide(complete, rules, at)
  const incomplete = sortIncomplete({ readable: readable.filter((x) => !x.b.complete), unreadable: unreadable.filter((b) => !b.complete), now: at, staleAfterSeconds: options.staleAfterSeconds, held })
  const plan: RetentionPlan = { keep: [], delete: [], ...incomplete, ...(held === undefined ? {} : { held }) }
  for (const x of complete) {
    const d = decisions.get(x) ?? { keep: [`held: ${held ?? ''}`] }
    if (!('delete' in d)) plan.keep.push({ id: x.b.id, reasons: d.keep })
    else if (held !== undefined) plan.keep.push({ id: x.b.id, reasons: [heldReason(held, d.delete)] })
    else plan.delete.push({ id: x.b.id, reason: d.delete })
  }
  for (const b of unreadable.filter((u) => u.complete)) plan.keep.push({ id: b.id, reasons: [`its start time ${b.time} is not an RFC 3339 time`] })
  return plan
}

/**
 * The incomplete backups older than the run timeout, one entry per backup:
 * the `untracked` part of a plan, by backup (it is not held after a failed
 * run; `planRetention` with `staleAfterSeconds` is).
 */
export function untracked(backups: readonly StoredBackup[], now: string | number, staleAfterSeconds: number): DeletedBackup[] {
  const plan = planRetention(backups.filter((b) => !b.complete), { minKeep: 1 }, now, { lastRunOk: true, staleAfterSeconds })
  return plan.untracked.filter((u, i, all) => all.findIndex((v) => v.id === u.id) === i).map((u) => ({ id: u.id, reason: u.reason }))
}
