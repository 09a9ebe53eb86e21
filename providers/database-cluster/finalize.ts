/**
 * Deleting a DatabaseCluster: ordered teardown. Front children (proxies,
 * monitors, schedules) go first, then the data, then what the data needed to
 * the end. `finalized` is only answered once nothing is observed any more.
 */
import type { ReconcileContext } from '../shared/context.js'
import type { CompositeSyncRequest, CompositeSyncResponse, KObject } from '../shared/kube.js'
import { typeKey } from '../shared/kube.js'
import { allObjects, lastApplied } from '../shared/observed.js'
import { computeConditions } from '../shared/conditions.js'
import { allProviders } from './registry.js'

function teardownStep(child: KObject): number {
  for (const provider of allProviders()) {
    const type = provider.childTypes.find((t) => typeKey(t.apiVersion, t.kind) === typeKey(child.apiVersion, child.kind))
    if (type !== undefined) return type.teardown
  }
  return 1
}

export function finalizeDatabaseCluster(req: CompositeSyncRequest, ctx: ReconcileContext): CompositeSyncResponse {
  const observed = allObjects(req.children)
  const previous = typeof req.parent.status === 'object' && req.parent.status !== null ? (req.parent.status as Record<string, unknown>) : {}
  const generation = typeof req.parent.metadata.generation === 'number' ? req.parent.metadata.generation : 0
  const current = observed.length === 0 ? 0 : Math.min(...observed.map(teardownStep))
  const remaining = observed.filter((c) => teardownStep(c) > current).map(lastApplied)
  const message =
    observed.length === 0
      ? 'every child is gone'
      : `removing ${observed.filter((c) => teardownStep(c) === current).map((c) => `${c.kind} ${c.metadata.name}`).join(', ')} (step ${current} of 3); ${remaining.length} more to go`
  const conditions = computeConditions(
    [{ type: 'Ready', status: 'False', reason: 'Deleting', message }],
    previous.conditions,
    generation,
    ctx.now,
  )
  return {
    status: { ...previous, observedGeneration: generation, phase: 'Deleting', conditions },
    children: remaining,
    finalized: observed.length === 0,
  }
}
