/**
 * The core of `deletionPolicy: WipeOut` on the runner side: empty each
 * folder of the plan, in order, and say what is left. Only keys that
 * `list(prefix)` returned for that exact prefix (and that start with it) are
 * ever deleted; keys ending in `manifest.json` go first, so a half-wiped
 * runner backup never looks complete (and when one of them cannot be
 * deleted, the data stays too). A failing target is recorded and the next
 * one still runs. Every message passes through the redactor.
 */
import type { RunnerLocation } from '../../api/runner.js'
import { WIPE_PREFIX_PATTERN, type WipePlan, type WipeResult, type WipeTarget, type WipeTargetResult } from '../../api/wipe-plan.js'
import type { Location } from '../locations/location.js'
import type { Redact } from '../redact.js'

export type LocationFor = (location: RunnerLocation) => Location
export type WipeLog = (level: 'info' | 'error', fields: Record<string, unknown>, message: string) => void

export interface WipeOptions {
  /** Deletes in flight at once per target (default 8). */
  concurrency?: number
  /** Applied to every message (default: none). */
  redact?: Redact
  /** Waits between settle rounds (default: a timer); tests inject their own. */
  sleep?: (seconds: number) => Promise<void>
}

/** Settle rounds after the first pass before giving up on a folder that keeps filling. */
export const MAX_SETTLE_ROUNDS = 5

const PREFIX = new RegExp(WIPE_PREFIX_PATTERN)
const MANIFEST = 'manifest.json'

/** Why a (schema-valid) plan must not run: a prefix of the wrong shape or outside the cluster's namespace. Empty when it may. */
export function planRefusals(plan: WipePlan): string[] {
  const own = `${plan.cluster.namespace}/`
  return plan.targets.flatMap((t, i) => {
    if (!PREFIX.test(t.prefix)) return [`target ${i} (${t.location.name}): prefix ${JSON.stringify(t.prefix)} is not <namespace>/<folder>/`]
    if (!t.prefix.startsWith(own)) return [`target ${i} (${t.location.name}): prefix ${JSON.stringify(t.prefix)} is outside namespace ${plan.cluster.namespace}`]
    return []
  })
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Runs `fn` on every item, at most `limit` at once. */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T
      await fn(item)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
}

async function keysUnder(location: Location, prefix: string): Promise<string[]> {
  return [...new Set((await location.list(prefix)).map((o) => o.key).filter((k) => k.startsWith(prefix)))]
}

interface Deletion {
  deleted: number
  failed: number
  firstError: string | undefined
  skippedData: boolean
}

async function deleteAll(location: Location, keys: readonly string[], concurrency: number): Promise<Deletion> {
  const out: Deletion = { deleted: 0, failed: 0, firstError: undefined, skippedData: false }
  const remove = async (key: string): Promise<void> => {
    try {
      await location.delete(key)
      out.deleted++
    } catch (error: unknown) {
      out.failed++
      out.firstError ??= `${key}: ${errorText(error)}`
    }
  }
  const manifests = keys.filter((k) => k.endsWith(MANIFEST))
  const data = keys.filter((k) => !k.endsWith(MANIFEST))
  await eachLimited(manifests, concurrency, remove)
  if (out.failed > 0) {
    out.skippedData = data.length > 0
    return out
  }
  await eachLimited(data, concurrency, remove)
  return out
}

function summary(listed: number, d: Deletion, remaining: number, prefix: string): string {
  const parts = [listed === 0 ? `nothing under ${prefix}` : `deleted ${d.deleted} of ${listed} object(s)`]
  if (d.failed > 0) parts.push(`${d.failed} delete(s) failed (first: ${d.firstError ?? ''})`)
  if (d.skippedData) parts.push('data left in place because a manifest could not be deleted')
  parts.push(remaining === 0 ? 'the folder is empty' : `${remaining} object(s) left`)
  return parts.join('; ')
}

async function wipeTarget(target: WipeTarget, locationFor: LocationFor, o: Required<WipeOptions>): Promise<WipeTargetResult> {
  const base = { location: target.location.name, prefix: target.prefix }
  let location: Location
  let keys: string[]
  try {
    location = locationFor(target.location)
    keys = await keysUnder(location, target.prefix)
  } catch (error: unknown) {
    return { ...base, deleted: 0, remaining: 0, ok: false, message: o.redact(`could not list ${target.prefix}: ${errorText(error)}`) }
  }
  const d = await deleteAll(location, keys, o.concurrency)
  try {
    const remaining = (await keysUnder(location, target.prefix)).length
    return { ...base, deleted: d.deleted, remaining, ok: remaining === 0, message: o.redact(summary(keys.length, d, remaining, target.prefix)) }
  } catch (error: unknown) {
    const remaining = keys.length - d.deleted
    return { ...base, deleted: d.deleted, remaining, ok: false, message: o.redact(`${summary(keys.length, d, remaining, target.prefix)}; could not list again to check: ${errorText(error)}`) }
  }
}

async function pass(plan: WipePlan, locationFor: LocationFor, log: WipeLog, o: Required<WipeOptions>): Promise<WipeTargetResult[]> {
  const targets: WipeTargetResult[] = []
  for (const target of plan.targets) {
    const r = await wipeTarget(target, locationFor, o)
    targets.push(r)
    log(r.ok ? 'info' : 'error', { location: r.location, prefix: r.prefix, what: target.what, deleted: r.deleted, remaining: r.remaining, ok: r.ok }, r.message)
  }
  return targets
}

/** A later pass's outcome, with the objects every pass deleted. */
function merged(earlier: readonly WipeTargetResult[], later: readonly WipeTargetResult[]): WipeTargetResult[] {
  return later.map((r, i) => ({ ...r, deleted: (earlier[i]?.deleted ?? 0) + r.deleted }))
}

const timer = (seconds: number) => new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000))

/**
 * Empties every folder of the plan, in order; then, with `settleSeconds`,
 * waits and checks again until a whole wait passed with nothing new (or
 * MAX_SETTLE_ROUNDS were not enough: then the folder keeps filling and the
 * result is not ok). Throws, deleting nothing, when the plan must be refused
 * (planRefusals).
 */
export async function wipeTargets(plan: WipePlan, locationFor: LocationFor, log: WipeLog, options: WipeOptions = {}): Promise<WipeResult> {
  const refusals = planRefusals(plan)
  if (refusals.length > 0) throw new Error(`refusing the plan: ${refusals.join('; ')}`)
  const o: Required<WipeOptions> = { concurrency: options.concurrency ?? 8, redact: options.redact ?? ((t) => t), sleep: options.sleep ?? timer }
  let targets = await pass(plan, locationFor, log, o)
  const settle = plan.settleSeconds ?? 0
  for (let round = 1; settle > 0 && targets.every((t) => t.ok); round++) {
    await o.sleep(settle)
    const again = await pass(plan, locationFor, log, o)
    const quiet = again.every((t) => t.deleted === 0)
    targets = merged(targets, again)
    if (quiet) break
    if (round === MAX_SETTLE_ROUNDS) {
      targets = targets.map((t, i) => (again[i]?.deleted === 0 ? t : { ...t, ok: false, message: o.redact(`${t.message}; objects kept appearing for ${MAX_SETTLE_ROUNDS} waits of ${settle}s: something still writes to ${t.prefix}`) }))
      break
    }
  }
  return { ok: targets.every((t) => t.ok), targets }
}
