/**
 * After the executor has done its part: is the operation done? Decided from
 * the target DatabaseCluster's status (which maps the engine's own status),
 * never from the executor alone.
 */
import type { PlanStep } from '../../api/ops-plan.js'
import { API_VERSION } from '../../api/crds.js'
import { findCondition } from '../shared/conditions.js'
import type { KObject, ObjectMap } from '../shared/kube.js'
import { field, findObject, numberField, stringField } from '../shared/observed.js'
import { rolledOut } from './declarative.js'
import type { OpsObject } from './parse.js'
import { addSeconds } from './timing.js'

export type Tracked = { state: 'done'; message: string } | { state: 'failed'; reason: string; message: string } | { state: 'waiting'; message: string; recheckAt?: string }

/** How long after the executor finished a restart may count as done without a disruption having been seen. */
export const SETTLE_SECONDS = 120

function ready(cluster: KObject): boolean {
  const size = numberField(cluster, 'spec', 'clusterSize')
  return findCondition(field(cluster, 'status', 'conditions'), 'Ready')?.status === 'True' && (size === undefined || (numberField(cluster, 'status', 'readyInstances') ?? 0) >= size)
}

function settled(cluster: KObject, disrupted: boolean, completedAt: string | undefined, now: string, what: string): Tracked {
  if (!ready(cluster)) return { state: 'waiting', message: `${what}: waiting for the cluster to be ready again` }
  if (disrupted) return { state: 'done', message: `${what}: the cluster went through it and is ready` }
  const until = addSeconds(completedAt ?? now, SETTLE_SECONDS)
  if (now >= until) return { state: 'done', message: `${what}: the cluster stayed ready` }
  return { state: 'waiting', message: `${what}: waiting for the engine operator to act`, recheckAt: until }
}

function switchoverTarget(steps: readonly PlanStep[]): string | undefined {
  const patch = steps.find((s) => s.action === 'mergePatch' && s.subresource === 'status')
  return patch?.action === 'mergePatch' ? stringField(patch.patch, 'status', 'targetPrimary') : undefined
}

export interface TrackInput {
  ops: OpsObject
  cluster: KObject
  related: ObjectMap
  fields: Record<string, unknown> | undefined
  steps: readonly PlanStep[]
  startTime: string
  completedAt: string | undefined
  disrupted: boolean
  now: string
}

function trackRestore(t: TrackInput): Tracked {
  const target = t.ops.spec.restore?.targetClusterName
  if (target === undefined) return settled(t.cluster, t.disrupted, t.completedAt, t.now, 'restore in place')
  const created = findObject(t.related, API_VERSION, 'DatabaseCluster', target, t.ops.namespace)
  if (created === undefined) return { state: 'waiting', message: `waiting for DatabaseCluster ${target} to appear` }
  if (stringField(created, 'status', 'phase') === 'Failed') return { state: 'failed', reason: 'RestoreFailed', message: `DatabaseCluster ${target} failed to restore` }
  return ready(created) ? { state: 'done', message: `DatabaseCluster ${target} is restored and ready` } : { state: 'waiting', message: `DatabaseCluster ${target} is restoring` }
}

function trackBackup(t: TrackInput): Tracked {
  const ok = stringField(t.cluster, 'status', 'backup', 'lastSuccessfulBackup')
  const failed = stringField(t.cluster, 'status', 'backup', 'lastFailedBackup')
  if (failed !== undefined && failed >= t.startTime && (ok === undefined || failed > ok)) return { state: 'failed', reason: 'BackupFailed', message: `a backup failed at ${failed}` }
  if (ok !== undefined && ok >= t.startTime) return { state: 'done', message: `a backup completed at ${ok}` }
  return { state: 'waiting', message: 'waiting for the backup to complete' }
}

export function track(t: TrackInput): Tracked {
  if (t.fields !== undefined) {
    return rolledOut(t.fields, t.cluster) ? { state: 'done', message: 'the cluster runs the requested configuration' } : { state: 'waiting', message: 'waiting for the engine operator to roll the change out' }
  }
  switch (t.ops.spec.type) {
    case 'Switchover': {
      const target = switchoverTarget(t.steps)
      const primary = stringField(t.cluster, 'status', 'primary')
      return primary !== undefined && primary === target && ready(t.cluster) ? { state: 'done', message: `${primary} is the primary` } : { state: 'waiting', message: `waiting for ${target ?? 'the new primary'} to take over` }
    }
    case 'Restart':
      return settled(t.cluster, t.disrupted, t.completedAt, t.now, 'restart')
    case 'RebuildInstance':
      return settled(t.cluster, t.disrupted, t.completedAt, t.now, `rebuild of ${t.ops.spec.rebuildInstance?.instance ?? '?'}`)
    case 'Backup':
      return trackBackup(t)
    case 'Restore':
      return trackRestore(t)
    default:
      return { state: 'done', message: 'the executor applied the change' }
  }
}

export function clusterReady(cluster: KObject): boolean {
  return ready(cluster)
}
