/**
 * The core of `deletionPolicy: WipeOut` on the runner side: empty each
 * folder of the plan, in order, and say what is left. Only keys that a
 * listing of that exact prefix returned (and that start with it) are ever
 * deleted; keys ending in `manifest.json` go first, so a half-wiped runner
 * backup never looks complete (and when one of them cannot be deleted, the
 * data stays too). Folders are streamed: listed a page at a time
 * (`listPages` when the location has it) and deleted in batches
 * (`deleteMany` when it has it), so a WAL archive of millions of objects
 * never sits in memory. A failing target is recorded and the next one
 * still runs. Every message passes through the redactor.
 */
import type { RunnerLocation } from '../../api/runner.js'
import { WIPE_PREFIX_PATTERN, type WipePlan, type WipeResult, type WipeTarget, type WipeTargetResult } from '../../api/wipe-plan.js'
import type { Location, StoredObject } from '../locations/location.js'
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

/** Listing rounds per phase at most: a store whose pages shift when objects are deleted under them needs a few. */
export const MAX_LISTING_ROUNDS = 10
/** Batch deletes (each of at most a page of keys) in flight at once per target; with single deletes, pages go one at a time. */
const MAX_BATCHES_IN_FLIGHT = 4

/** The distinct keys of each listing page under `prefix` (and only those starting with it): a page at a time, never the whole folder. */
async function* keyPages(location: Location, prefix: string): AsyncGenerator<string[]> {
  const source: AsyncIterable<StoredObject[]> = location.listPages?.(prefix) ?? (async function* () { yield await location.list(prefix) })()
  for await (const page of source) yield [...new Set(page.map((o) => o.key).filter((k) => k.startsWith(prefix)))]
}

async function countUnder(location: Location, prefix: string): Promise<number> {
  let n = 0
  for await (const keys of keyPages(location, prefix)) n += keys.length
  return n
}

interface Deletion {
  deleted: number
  failed: number
  firstError: string | undefined
  skippedData: boolean
  /** Keys the first listing returned (so far, when it failed midway). */
  seenFirst: number
}

/** Deletes `keys` (a page at most): in batches when the location can, else `concurrency` single deletes at once. Never rejects. */
async function deleteKeys(location: Location, keys: readonly string[], concurrency: number, d: Deletion): Promise<void> {
  const fail = (key: string, error: string): void => {
    d.failed++
    d.firstError ??= `${key}: ${error}`
  }
  if (location.deleteMany !== undefined) {
    let failures: { key: string; error: string }[]
    try {
      failures = await location.deleteMany(keys)
    } catch (error: unknown) {
      failures = keys.map((key) => ({ key, error: errorText(error) }))
    }
    const asked = new Set(keys)
    const failed = new Set<string>()
    for (const f of failures) {
      if (!asked.has(f.key) || failed.has(f.key)) continue
      failed.add(f.key)
      fail(f.key, f.error)
    }
    d.deleted += keys.length - failed.size
    return
  }
  await eachLimited(keys, concurrency, async (key) => {
    try {
      await location.delete(key)
      d.deleted++
    } catch (error: unknown) {
      fail(key, errorText(error))
    }
  })
}

interface Round {
  /** Keys of the kind this round deletes, seen (and asked to be deleted). */
  picked: number
  /** Keys of the other kind seen. */
  others: number
  /** Deletes that failed in this round. */
  failed: number
}

/**
 * One listing of the folder, deleting the keys `pick` selects page by page
 * as the listing goes on (batches of a few pages in flight at most); waits
 * for every delete before it returns.
 */
async function deletionRound(location: Location, prefix: string, pick: (key: string) => boolean, concurrency: number, d: Deletion, first = false): Promise<Round> {
  const r: Round = { picked: 0, others: 0, failed: 0 }
  const failedBefore = d.failed
  const limit = location.deleteMany === undefined ? 1 : Math.max(1, Math.min(concurrency, MAX_BATCHES_IN_FLIGHT))
  const inFlight = new Set<Promise<void>>()
  try {
    for await (const keys of keyPages(location, prefix)) {
      if (first) d.seenFirst += keys.length
      const picked = keys.filter(pick)
      r.picked += picked.length
      r.others += keys.length - picked.length
      if (picked.length === 0) continue
      const p: Promise<void> = deleteKeys(location, picked, concurrency, d).finally(() => inFlight.delete(p))
      inFlight.add(p)
      if (inFlight.size >= limit) await Promise.race(inFlight)
    }
  } finally {
    await Promise.all(inFlight)
  }
  r.failed = d.failed - failedBefore
  return r
}

const isManifest = (key: string): boolean => key.endsWith(MANIFEST)

/**
 * Manifests first, then the rest, each phase as listing rounds that delete
 * while they list, repeated until a round finds nothing more of its kind
 * (a listing that shifted under the deletions may have skipped some) or a
 * delete fails. When a manifest cannot be deleted, the data stays. Throws
 * when a listing fails (with what was deleted so far in `d`).
 */
async function deleteAll(location: Location, prefix: string, concurrency: number, d: Deletion): Promise<void> {
  let dataSeen = false
  for (let round = 0; round < MAX_LISTING_ROUNDS; round++) {
    const r = await deletionRound(location, prefix, isManifest, concurrency, d, round === 0)
    dataSeen ||= r.others > 0
    if (r.failed > 0) {
      d.skippedData = dataSeen
      return
    }
    if (r.picked === 0) break
  }
  if (d.seenFirst === 0) return
  for (let round = 0; round < MAX_LISTING_ROUNDS; round++) {
    const r = await deletionRound(location, prefix, (k) => !isManifest(k), concurrency, d)
    // A manifest that appeared meanwhile is left for the final count (and the settle passes, manifests first).
    if (r.failed > 0 || r.picked === 0 || r.others > 0) return
  }
}

function summary(listed: number, d: Deletion, remaining: number, prefix: string): string {
  const parts = [listed === 0 ? `nothing under ${prefix}` : `deleted ${d.deleted} of ${listed} object(s)`]
  if (d.failed > 0) parts.push(`${d.failed} delete(s) failed (first: ${d.firstError ?? ''})`)
  if (d.skippedData) parts.push('data left in place because a manifest could not be deleted')
  parts.push(remaining === 0 ? 'the folder is empty' : `${remaining} object(s) left`)
  return parts.join('; ')
}

/**
 * Empties one folder. Memory is bounded by a few listing pages, never by
 * the folder: nothing lists it whole. "N" in "deleted D of N" is what was
 * deleted plus what is left.
 */
async function wipeTarget(target: WipeTarget, locationFor: LocationFor, o: Required<WipeOptions>): Promise<WipeTargetResult> {
  const base = { location: target.location.name, prefix: target.prefix }
  const d: Deletion = { deleted: 0, failed: 0, firstError: undefined, skippedData: false, seenFirst: 0 }
  let location: Location
  try {
    location = locationFor(target.location)
    await deleteAll(location, target.prefix, o.concurrency, d)
  } catch (error: unknown) {
    if (d.deleted === 0 && d.failed === 0) return { ...base, deleted: 0, remaining: 0, ok: false, message: o.redact(`could not list ${target.prefix}: ${errorText(error)}`) }
    // A listing failed midway: what the first one saw and was not deleted is still there, at least.
    const remaining = Math.max(0, d.seenFirst - d.deleted)
    return { ...base, deleted: d.deleted, remaining, ok: false, message: o.redact(`${summary(d.deleted + remaining, d, remaining, target.prefix)}; listing failed midway: ${errorText(error)}`) }
  }
  try {
    const remaining = await countUnder(location, target.prefix)
    return { ...base, deleted: d.deleted, remaining, ok: remaining === 0, message: o.redact(summary(d.deleted + remaining, d, remaining, target.prefix)) }
  } catch (error: unknown) {
    const remaining = Math.max(0, d.seenFirst - d.deleted)
    return { ...base, deleted: d.deleted, remaining, ok: false, message: o.redact(`${summary(d.deleted + remaining, d, remaining, target.prefix)}; could not list again to check: ${errorText(error)}`) }
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
