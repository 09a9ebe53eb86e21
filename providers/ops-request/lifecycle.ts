/**
 * The OpsRequest state machine. Every step is decided from what is observed:
 * the OpsRequest's own previous status, its executor Jobs, the target
 * DatabaseCluster and the other OpsRequests of the cluster. A final phase
 * never changes again.
 */
import { FINAL_PHASES, type OpsPhase } from '../../api/ops-request.js'
import type { OpsPlan, PlanStep } from '../../api/ops-plan.js'
import { API_VERSION } from '../../api/crds.js'
import type { ReconcileContext } from '../shared/context.js'
import type { KObject, ObjectMap } from '../shared/kube.js'
import { findObject, stringField } from '../shared/observed.js'
import { isDeclarative } from './declarative.js'
import type { OpsObject } from './parse.js'
import { rollbackSteps, runPlan, ttlSteps } from './plan.js'
import { type QueueState, queueState } from './queue.js'
import { type Stage, jobState, planFor, stageChildren } from './stages.js'
import { addSeconds, timeoutSeconds } from './timing.js'
import { clusterReady, track } from './track.js'
import { refusal } from './validate.js'

export interface Outcome {
  phase: OpsPhase
  reason: string
  message: string
  /** Stages done over stages in total: validated and queued, executed, rolled out. */
  progress: [number, number]
  startTime?: string
  completionTime?: string
  lastConfiguration?: Record<string, unknown>
  appliedConfiguration?: Record<string, unknown>
  queue?: QueueState
  disrupted?: boolean
  children: KObject[]
  recheckAt?: string
}

export interface LifecycleInput {
  ops: OpsObject
  children: ObjectMap
  related: ObjectMap
  ctx: ReconcileContext
}

function finished(phase: OpsPhase, reason: string, message: string, now: string, base: Partial<Outcome> = {}): Outcome {
  return { ...base, phase, reason, message, progress: base.progress ?? [0, 3], completionTime: now, children: base.children ?? [] }
}

function stagesFor(ops: OpsObject, applied: Record<string, unknown> | undefined, before: Record<string, unknown> | undefined, extra: Stage[]): { stage: Stage; plan: OpsPlan; deadline: number }[] {
  const timeout = timeoutSeconds(ops.spec.type, ops.spec.timeoutSeconds)
  const steps = (applied?.steps ?? []) as PlanStep[]
  const list: { stage: Stage; plan: OpsPlan; deadline: number }[] = []
  if (steps.length > 0) list.push({ stage: 'run', plan: planFor(ops, 'run', typeof applied?.summary === 'string' ? applied.summary : ops.spec.type, steps), deadline: timeout })
  if (extra.includes('rollback') && before !== undefined) list.push({ stage: 'rollback', plan: planFor(ops, 'rollback', `roll back ${ops.spec.type}`, rollbackSteps(ops, before)), deadline: timeout })
  if (extra.includes('ttl')) list.push({ stage: 'ttl', plan: planFor(ops, 'ttl', `delete OpsRequest ${ops.name} after its TTL`, ttlSteps(ops)), deadline: 300 })
  return list
}

const TTL_NOTE = / \(TTL: [^)]*\)$/

/**
 * How the operation ended, as its Completed condition first said it; the TTL
 * note is appended, never put in place of it (a failure's reason stays).
 */
function firstOutcome(s: OpsObject['status']): { reason: string; message: string } | undefined {
  const completed = s.conditions?.find((c) => c.type === 'Completed' && c.status === 'True')
  if (completed === undefined || completed.reason === 'Finished' || completed.reason === 'Expired') return undefined
  return { reason: completed.reason, message: (completed.message ?? '').replace(TTL_NOTE, '') }
}

/** A finished operation: nothing changes but the TTL, carried out by one more executor stage. */
function afterFinish(input: LifecycleInput, phase: OpsPhase): Outcome {
  const { ops, ctx } = input
  const s = ops.status
  const ttl = phase === 'Succeeded' ? ops.spec.ttlSecondsAfterSucceeded : ops.spec.ttlSecondsAfterFailed
  const completion = s.completionTime ?? ctx.now
  const expiresAt = addSeconds(completion, ttl)
  const expired = ctx.now >= expiresAt
  const extra: Stage[] = expired ? ['ttl'] : []
  const children = stageChildren(ops, stagesFor(ops, s.appliedConfiguration, s.lastConfiguration?.spec as Record<string, unknown> | undefined, extra), ctx)
  const first = firstOutcome(s)
  const note = expired ? `its TTL of ${ttl}s ran out, deleting the OpsRequest` : `deleted after ${expiresAt}`
  const reason = first?.reason ?? (expired ? 'Expired' : 'Finished')
  const message = first === undefined ? `finished (TTL: ${note})` : `${first.message} (TTL: ${note})`
  return { phase, reason, message, progress: [3, 3], completionTime: completion, children, ...(expired ? {} : { recheckAt: expiresAt }), ...keep(s) }
}

function keep(s: OpsObject['status']): Partial<Outcome> {
  return {
    ...(s.startTime === undefined ? {} : { startTime: s.startTime }),
    ...(s.lastConfiguration === undefined ? {} : { lastConfiguration: s.lastConfiguration }),
    ...(s.appliedConfiguration === undefined ? {} : { appliedConfiguration: s.appliedConfiguration }),
  }
}

function waitOrFail(input: LifecycleInput, reason: string, message: string, queue?: QueueState): Outcome {
  const deadline = addSeconds(input.ops.createdAt, input.ops.spec.preconditionDeadlineSeconds)
  if (input.ctx.now >= deadline) return finished('Failed', 'PreconditionTimeout', `${message}, and the precondition deadline passed at ${deadline}`, input.ctx.now)
  return { phase: 'Pending', reason, message, progress: [0, 3], children: [], recheckAt: deadline, ...(queue === undefined ? {} : { queue }) }
}

function preconditionMet(ops: OpsObject, cluster: KObject): boolean {
  const phase = stringField(cluster, 'status', 'phase')
  if (ops.spec.type === 'Start') return phase === 'Stopped'
  if (ops.spec.type === 'RebuildInstance' || ops.spec.type === 'Custom') return phase !== undefined && phase !== 'Stopped'
  return clusterReady(cluster)
}

/** Not started yet: validate, queue, preconditions, then start. */
function beforeStart(input: LifecycleInput, cluster: KObject | undefined): Outcome {
  const { ops, ctx } = input
  if (ops.spec.cancel) return finished('Cancelled', 'CancelledBeforeStart', 'cancelled before it started', ctx.now)
  if (cluster === undefined) return waitOrFail(input, 'ClusterNotFound', `DatabaseCluster ${ops.spec.clusterRef} does not exist`)
  const refused = refusal(ops, cluster, ctx)
  if (refused !== undefined) return finished('Failed', refused.reason, refused.message, ctx.now)
  const queue = queueState(ops, input.related)
  if (queue.blockedBy !== undefined) {
    const why = queue.blockedBy.reason === 'Failed' ? `${queue.blockedBy.name} failed; delete it to acknowledge, or set onPredecessorFailure: Continue` : `waiting for ${queue.blockedBy.name} (${queue.blockedBy.reason})`
    return waitOrFail(input, queue.blockedBy.reason === 'Failed' ? 'BlockedByFailedOp' : 'Queued', why, queue)
  }
  if (!preconditionMet(ops, cluster)) return waitOrFail(input, 'ClusterNotReady', `DatabaseCluster ${ops.spec.clusterRef} is not in a state to start ${ops.spec.type} (phase ${stringField(cluster, 'status', 'phase') ?? 'unknown'})`, queue)
  const planned = runPlan(ops, cluster, ctx.now)
  if (!planned.ok) return finished('Failed', planned.refusal.reason, planned.refusal.message, ctx.now)
  const { plan } = planned
  const track = isDeclarative(ops.spec.type) && stringField(cluster, 'spec', 'opsPolicy', 'declarativeOps') === 'Track'
  const applied = track ? { spec: plan.fields, tracked: true } : { summary: plan.summary, steps: plan.steps, ...(plan.fields === undefined ? {} : { spec: plan.fields }) }
  const last = plan.before === undefined ? undefined : { spec: plan.before }
  const base = { startTime: ctx.now, appliedConfiguration: applied, ...(last === undefined ? {} : { lastConfiguration: last }) }
  const children = track ? [] : stageChildren(ops, stagesFor(ops, applied, undefined, []), ctx)
  const message = track ? 'waiting for the spec (from Git) to carry the requested values (opsPolicy Track)' : plan.summary
  return { ...base, phase: 'Running', reason: track ? 'TrackingGitOps' : 'Executing', message, progress: [1, 3], children }
}

function running(input: LifecycleInput, cluster: KObject | undefined): Outcome {
  const { ops, ctx } = input
  const s = ops.status
  const startTime = s.startTime ?? ctx.now
  const applied = s.appliedConfiguration
  const before = s.lastConfiguration?.spec as Record<string, unknown> | undefined
  const rollback = ops.spec.cancel && before !== undefined && applied?.tracked !== true
  const children = stageChildren(ops, stagesFor(ops, applied, before, rollback ? ['rollback'] : []), ctx)
  const base: Partial<Outcome> = { ...keep(s), startTime, children }
  const deadline = addSeconds(startTime, timeoutSeconds(ops.spec.type, ops.spec.timeoutSeconds))
  if (ctx.now >= deadline) return finished('Aborted', 'Timeout', `still not done at its deadline ${deadline}`, ctx.now, base)
  if (rollback) {
    const back = jobState(input.children, ops, 'rollback')
    if (back.state === 'succeeded') return finished('Cancelled', 'RolledBack', 'cancelled while running: the previous configuration is applied again', ctx.now, base)
    if (back.state === 'failed') return finished('Failed', 'RollbackFailed', back.message, ctx.now, base)
    return { ...base, phase: 'Running', reason: 'RollingBack', message: 'cancelled: applying the previous configuration', progress: [2, 3], children, recheckAt: deadline }
  }
  const run = jobState(input.children, ops, 'run')
  if (run.state === 'failed') return finished('Failed', 'ExecutorFailed', run.message, ctx.now, base)
  const tracked = applied?.tracked === true
  if (!tracked && run.state !== 'succeeded') {
    const note = ops.spec.cancel ? ' (cancel requested: this operation cannot be undone once started)' : ''
    return { ...base, phase: 'Running', reason: 'Executing', message: `${typeof applied?.summary === 'string' ? applied.summary : 'executing'}${note}`, progress: [1, 3], children, recheckAt: deadline }
  }
  if (cluster === undefined) return finished('Failed', 'ClusterNotFound', `DatabaseCluster ${ops.spec.clusterRef} disappeared`, ctx.now, base)
  const disrupted = s.conditions?.some((c) => c.type === 'ClusterDisrupted' && c.status === 'True') === true || !clusterReady(cluster)
  const result = track({
    ops,
    cluster,
    related: input.related,
    fields: applied?.spec as Record<string, unknown> | undefined,
    steps: (applied?.steps ?? []) as PlanStep[],
    startTime,
    completedAt: run.state === 'succeeded' ? run.completedAt : undefined,
    disrupted,
    now: ctx.now,
  })
  if (result.state === 'done') return finished('Succeeded', 'Completed', result.message, ctx.now, { ...base, progress: [3, 3], disrupted })
  if (result.state === 'failed') return finished('Failed', result.reason, result.message, ctx.now, { ...base, disrupted })
  return { ...base, phase: 'Running', reason: 'RollingOut', message: result.message, progress: [2, 3], children, disrupted, recheckAt: result.recheckAt !== undefined && result.recheckAt < deadline ? result.recheckAt : deadline }
}

/** A phase that just became final waits for its TTL next. */
function withTtl(ops: OpsObject, o: Outcome, now: string): Outcome {
  if (!FINAL_PHASES.includes(o.phase) || o.recheckAt !== undefined) return o
  const ttl = o.phase === 'Succeeded' ? ops.spec.ttlSecondsAfterSucceeded : ops.spec.ttlSecondsAfterFailed
  return { ...o, recheckAt: addSeconds(o.completionTime ?? now, ttl) }
}

export function lifecycle(input: LifecycleInput): Outcome {
  const { ops } = input
  const previous = ops.status.phase
  if (previous !== undefined && FINAL_PHASES.includes(previous)) return afterFinish(input, previous)
  const cluster = findObject(input.related, API_VERSION, 'DatabaseCluster', ops.spec.clusterRef, ops.namespace)
  const outcome = previous === 'Running' ? running(input, cluster) : beforeStart(input, cluster)
  return withTtl(ops, outcome, input.ctx.now)
}
