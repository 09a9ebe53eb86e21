/**
 * The per-cluster queue: operations on one cluster run one at a time, oldest
 * first. A failed operation blocks the ones behind it (unless they say
 * `onPredecessorFailure: Continue`) until it is deleted, so a failure never
 * silently cancels work and never lets conflicting work through.
 */
import { FINAL_PHASES, type OpsPhase } from '../../api/ops-request.js'
import { API_VERSION } from '../../api/crds.js'
import type { KObject, ObjectMap } from '../shared/kube.js'
import { objectsOf, stringField } from '../shared/observed.js'
import type { OpsObject } from './parse.js'

export interface QueueState {
  /** Unfinished operations ahead of this one. */
  position: number
  /** The operation this one waits for, with why. */
  blockedBy?: { name: string; reason: 'Running' | 'Queued' | 'Failed' }
}

function order(a: KObject, b: KObject): number {
  const ta = a.metadata.creationTimestamp as string | undefined
  const tb = b.metadata.creationTimestamp as string | undefined
  if (ta !== tb) return (ta ?? '') < (tb ?? '') ? -1 : 1
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0
}

function phaseOf(o: KObject): OpsPhase {
  return (stringField(o, 'status', 'phase') as OpsPhase | undefined) ?? 'Pending'
}

export function queueState(ops: OpsObject, related: ObjectMap): QueueState {
  const self: KObject = { apiVersion: API_VERSION, kind: 'OpsRequest', metadata: { name: ops.name, creationTimestamp: ops.createdAt } }
  const others = objectsOf(related, API_VERSION, 'OpsRequest').filter((o) => o.metadata.name !== ops.name && stringField(o, 'spec', 'clusterRef') === ops.spec.clusterRef && o.metadata.deletionTimestamp === undefined)
  // Whatever runs blocks everyone, even an older operation that was created late into the queue.
  const runningNow = others.filter((o) => phaseOf(o) === 'Running').sort(order)[0]
  if (runningNow !== undefined) return { position: others.filter((o) => !FINAL_PHASES.includes(phaseOf(o)) && order(o, self) < 0).length || 1, blockedBy: { name: runningNow.metadata.name, reason: 'Running' } }
  const ahead = others.filter((o) => order(o, self) < 0).sort(order)
  const unfinished = ahead.filter((o) => !FINAL_PHASES.includes(phaseOf(o)))
  const failed = ops.spec.onPredecessorFailure === 'Wait' ? ahead.filter((o) => ['Failed', 'Aborted'].includes(phaseOf(o))) : []
  const first = unfinished[0]
  if (first !== undefined) return { position: unfinished.length, blockedBy: { name: first.metadata.name, reason: phaseOf(first) === 'Running' ? 'Running' : 'Queued' } }
  const lastFailed = failed[failed.length - 1]
  if (lastFailed !== undefined) return { position: 0, blockedBy: { name: lastFailed.metadata.name, reason: 'Failed' } }
  return { position: 0 }
}
