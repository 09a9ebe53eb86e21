/** The OpsRequest status from an Outcome: conditions, a bounded action log, progress. */
import type { ActionLogEntry, OpsRequestStatus } from '../../api/ops-request.js'
import { type ConditionInput, computeConditions } from '../shared/conditions.js'
import type { ReconcileContext } from '../shared/context.js'
import type { Outcome } from './lifecycle.js'
import type { OpsObject } from './parse.js'

export const LOG_LIMIT = 20

function level(o: Outcome): ActionLogEntry['level'] {
  if (o.phase === 'Failed' || o.phase === 'Aborted') return 'Error'
  if (o.phase === 'Cancelled' || o.reason === 'BlockedByFailedOp' || o.reason === 'ClusterNotReady') return 'Warning'
  return 'Info'
}

function appendLog(previous: readonly ActionLogEntry[] | undefined, o: Outcome, now: string): ActionLogEntry[] {
  const log = [...(previous ?? [])]
  const message = `${o.phase}: ${o.message}`
  if (log[log.length - 1]?.message !== message) log.push({ time: now, level: level(o), message })
  return log.slice(-LOG_LIMIT)
}

function conditionInputs(o: Outcome): ConditionInput[] {
  const final = ['Succeeded', 'Failed', 'Cancelled', 'Aborted'].includes(o.phase)
  const queued = o.phase === 'Pending'
  return [
    queued ? { type: 'Queued', status: 'True', reason: o.reason, message: o.message } : { type: 'Queued', status: 'False', reason: 'NotQueued', message: 'not waiting' },
    o.phase === 'Running' ? { type: 'Running', status: 'True', reason: o.reason, message: o.message } : { type: 'Running', status: 'False', reason: final ? 'Finished' : 'NotStarted', message: final ? 'finished' : 'not started' },
    final ? { type: 'Completed', status: 'True', reason: o.reason, message: o.message } : { type: 'Completed', status: 'False', reason: 'InProgress', message: 'not finished' },
    o.disrupted === true ? { type: 'ClusterDisrupted', status: 'True', reason: 'NotReadySeen', message: 'the cluster was seen not ready while the operation ran' } : { type: 'ClusterDisrupted', status: 'False', reason: 'NotSeen', message: 'no disruption seen' },
  ]
}

export function computeOpsStatus(ops: OpsObject, o: Outcome, ctx: ReconcileContext): OpsRequestStatus {
  const disrupted = o.disrupted === true || ops.status.conditions?.some((c) => c.type === 'ClusterDisrupted' && c.status === 'True') === true
  const outcome = { ...o, disrupted }
  const status: OpsRequestStatus = {
    observedGeneration: ops.generation,
    phase: o.phase,
    progress: `${o.progress[0]}/${o.progress[1]}`,
    conditions: computeConditions(conditionInputs(outcome), ops.status.conditions, ops.generation, ctx.now),
    actionLog: appendLog(ops.status.actionLog, o, ctx.now),
  }
  if (o.queue !== undefined) status.queuePosition = o.queue.position
  if (o.queue?.blockedBy !== undefined) status.blockedBy = o.queue.blockedBy.name
  if (o.startTime !== undefined) status.startTime = o.startTime
  if (o.completionTime !== undefined) status.completionTime = o.completionTime
  if (o.lastConfiguration !== undefined) status.lastConfiguration = o.lastConfiguration
  if (o.appliedConfiguration !== undefined) status.appliedConfiguration = o.appliedConfiguration
  return status
}
