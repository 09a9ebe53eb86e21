/**
 * Fuzzing every controller's hook with generated requests: well-formed ones
 * with valid specs, ones with junk spliced in anywhere, and arbitrary JSON.
 * Every answer is a 200 or a coded error (the route's 500) — never a crash
 * (a TypeError is a bug even though the route would still answer 500) — and a
 * 200 never drops an observed stateful child. FUZZ_RUNS sets the number of
 * requests per property (CI: 25,000 × 4 = 100,000; `npm run fuzz`: more).
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { answerCompositeSync } from '../../hooks/routes.js'
import { CONTROLLERS } from '../../providers/controllers.js'
import { allProviders } from '../../providers/database-cluster/registry.js'
import type { KObject } from '../../providers/shared/kube.js'
import { postgresSpec, clusterName } from '../support/arbitraries.js'
import { CTX, DB_CONTROLLER, S3_CLASS, S3_SECRET, databaseCluster, sync, syncRequest } from '../support/clusters.js'
import { applyChild } from '../support/metacontroller.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? (process.env.CI === 'true' ? 25_000 : 2_000))
const STATEFUL = new Set(allProviders().flatMap((p) => p.childTypes.filter((t) => t.stateful).map((t) => `${t.apiVersion}|${t.kind}`)))
const DB = CONTROLLERS.find((c) => c.name === 'databasecluster')!

function outcome(controller: (typeof CONTROLLERS)[number], body: unknown): { ok: true; response: { children: KObject[] } } | { ok: false; error: unknown } {
  try {
    const { response } = answerCompositeSync(controller, body, CTX)
    return { ok: true, response: response as unknown as { children: KObject[] } }
  } catch (error: unknown) {
    return { ok: false, error }
  }
}

function coded(error: unknown): boolean {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && !(error instanceof TypeError) && !(error instanceof RangeError)
}

/** Replace the value at a random path of `value` with `junk`. */
function splice(value: unknown, path: number[], junk: unknown): unknown {
  if (path.length === 0 || typeof value !== 'object' || value === null) return junk
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value)
  if (entries.length === 0) return junk
  const [head = 0, ...rest] = path
  const index = head % entries.length
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...value }
  const key = entries[index]![0]
  ;(copy as Record<string, unknown>)[key] = splice(entries[index]![1], rest, junk)
  return copy
}

function observedFor(name: string, spec: Record<string, unknown>, status: unknown): KObject[] {
  const parent = databaseCluster(name, spec)
  return sync(parent, [], [S3_CLASS, S3_SECRET]).children.map((c, i) => applyChild(c, parent, c.kind === 'Cluster' ? (status as Record<string, unknown>) : undefined, i + 1))
}

const junk = fc.oneof(fc.anything(), fc.constant(null), fc.constant({}), fc.constant([]), fc.string(), fc.integer(), fc.double())

// 25,000 runs per property take 20–50 s on a 2-core CI machine; the default 60 s per test is too tight.
describe('fuzz: every hook answers every request safely', { timeout: 600_000 }, () => {
  test.prop([clusterName, postgresSpec, fc.anything(), fc.boolean()], { numRuns: RUNS })(
    'a well-formed request with a valid spec always gets a 200 that keeps the stateful children',
    (name, spec, status, finalizing) => {
      const observed = observedFor(name, spec, status)
      const result = outcome(DB, syncRequest(databaseCluster(name, spec, { status: { conditions: status } }), observed, [S3_CLASS, S3_SECRET], finalizing))
      if (!result.ok) throw result.error
      if (!finalizing) {
        for (const child of observed.filter((c) => STATEFUL.has(`${c.apiVersion}|${c.kind}`))) {
          expect(result.response.children.some((c) => c.kind === child.kind && c.metadata.name === child.metadata.name)).toBe(true)
        }
      }
    },
  )

  test.prop([clusterName, postgresSpec, fc.array(fc.nat(), { maxLength: 6 }), junk, fc.boolean()], { numRuns: RUNS })(
    'junk anywhere in the request: a 200 that keeps stateful children, or a coded error',
    (name, spec, path, value, finalizing) => {
      const observed = observedFor(name, spec, undefined)
      const body = splice(syncRequest(databaseCluster(name, spec), observed, [S3_CLASS, S3_SECRET], finalizing), path, value)
      const result = outcome(DB, body)
      if (!result.ok) {
        expect(coded(result.error), String(result.error)).toBe(true)
        return
      }
      const stillObserved = JSON.stringify(body).includes('"kind":"Cluster"')
      if (!finalizing && stillObserved && (body as { finalizing?: unknown }).finalizing !== true) {
        const kept = result.response.children.some((c) => c.kind === 'Cluster')
        const parentOk = typeof (body as { parent?: unknown }).parent === 'object'
        if (parentOk) expect(kept).toBe(true)
      }
    },
  )

  test.prop([fc.constantFrom(...CONTROLLERS), fc.anything()], { numRuns: RUNS })('arbitrary JSON to any controller: a coded error, never a crash', (controller, body) => {
    const result = outcome(controller, body)
    if (!result.ok) expect(coded(result.error), String(result.error)).toBe(true)
  })

  test.prop([fc.constantFrom(...CONTROLLERS.filter((c) => c.name !== 'databasecluster')), fc.anything(), fc.anything(), fc.boolean()], { numRuns: RUNS })(
    'other controllers with a real parent shape and junk spec and status: a 200 or a coded error',
    (controller, spec, status, finalizing) => {
      const parent: KObject = { apiVersion: controller.parent.apiVersion, kind: controller.parent.kind, metadata: { name: 'x', namespace: 'team-a', uid: 'u', generation: 1, creationTimestamp: '2026-01-01T00:00:00Z' }, spec, status }
      const result = outcome(controller, { controller: DB_CONTROLLER, parent, children: {}, related: {}, finalizing })
      if (!result.ok) expect(coded(result.error), String(result.error)).toBe(true)
    },
  )
})
