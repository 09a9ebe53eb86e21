import { describe, expect, it } from 'vitest'
import type { CompositeSyncResponse, KObject } from '../../../providers/shared/kube.js'
import { condition } from '../../support/clusters.js'
import { JOB_DONE, JOB_FAILED, T0, applied, at, notReady, opsRequest, opsSync, targetCluster } from '../../support/ops.js'

const SEED_OPS = { clusterRef: 'postgresql-demo', type: 'HorizontalScaling', horizontalScaling: { replicas: 5 } }

/** Run one more sync with the previous status fed back, as Metacontroller would. */
function next(parent: KObject, previous: CompositeSyncResponse, related: KObject[], children: KObject[], time: string): CompositeSyncResponse {
  return opsSync({ ...parent, status: previous.status }, related, children, at(time))
}

describe('OpsRequest: the seed example (HorizontalScaling to 5) end to end', () => {
  const parent = opsRequest('scale-out', SEED_OPS)
  const cluster = targetCluster()
  const first = opsSync(parent, [cluster], [], at(T0))

  it('starts at once on a ready cluster: Running, with an executor that server-side-applies clusterSize', () => {
    expect(first.status).toMatchObject({ phase: 'Running', progress: '1/3', startTime: T0, lastConfiguration: { spec: { clusterSize: 3 } }, appliedConfiguration: { spec: { clusterSize: 5 } } })
    expect(first.children.map((c) => `${c.kind}/${c.metadata.name}`)).toEqual([
      'ServiceAccount/scale-out-executor',
      'Role/scale-out-executor',
      'RoleBinding/scale-out-executor',
      'ConfigMap/scale-out-run-plan',
      'ConfigMap/scale-out-run-result',
      'Job/scale-out-run',
    ])
    const plan = JSON.parse((first.children[3]!.data as Record<string, string>)['plan.json']!)
    expect(plan.steps).toEqual([
      {
        action: 'apply',
        target: { apiVersion: 'dbaas.io/v1alpha1', kind: 'DatabaseCluster', resource: 'databaseclusters', name: 'postgresql-demo', namespace: 'team-a' },
        fieldManager: 'dbaas-ops-scale-out',
        object: { apiVersion: 'dbaas.io/v1alpha1', kind: 'DatabaseCluster', metadata: { name: 'postgresql-demo', namespace: 'team-a' }, spec: { clusterSize: 5 } },
        force: true,
      },
    ])
  })

  it('the executor may patch exactly that DatabaseCluster and write its own result, nothing else', () => {
    expect(first.children[1]!.rules).toEqual([
      { apiGroups: ['dbaas.io'], resources: ['databaseclusters'], resourceNames: ['postgresql-demo'], verbs: ['get', 'patch'] },
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['scale-out-run-result'], verbs: ['get', 'patch'] },
    ])
  })

  it('after the executor: RollingOut until the cluster runs 5 ready instances, then Succeeded', () => {
    const kids = applied(parent, first, JOB_DONE)
    const scaled = targetCluster({ ...(cluster.spec as object), clusterSize: 5 }, { readyInstances: 3, phase: 'Updating', conditions: [{ type: 'Ready', status: 'False', reason: 'ClusterNotReady', message: '3/5', lastTransitionTime: T0 }] }, 2)
    const rolling = next(parent, first, [scaled], kids, '2026-01-01T00:02:00Z')
    expect(rolling.status).toMatchObject({ phase: 'Running', progress: '2/3' })
    const done = next(parent, rolling, [targetCluster({ ...(cluster.spec as object), clusterSize: 5 }, { readyInstances: 5 }, 2)], kids, '2026-01-01T00:05:00Z')
    expect(done.status).toMatchObject({ phase: 'Succeeded', progress: '3/3', completionTime: '2026-01-01T00:05:00Z' })
    expect(condition(done.status, 'Completed')).toMatchObject({ status: 'True', reason: 'Completed' })
    expect((done.status.actionLog as { message: string }[]).map((e) => e.message)).toEqual([
      'Running: HorizontalScaling: set clusterSize of DatabaseCluster postgresql-demo',
      'Running: waiting for the engine operator to roll the change out',
      'Succeeded: the cluster runs the requested configuration',
    ])
    expect(done.resyncAfterSeconds).toBe(86400)
  })
})

describe('OpsRequest lifecycle', () => {
  const cluster = targetCluster()

  it('pending on an unready cluster, failing at the precondition deadline', () => {
    const parent = opsRequest('restart', { clusterRef: 'postgresql-demo', type: 'Restart', preconditionDeadlineSeconds: 600 })
    const pending = opsSync(parent, [notReady(cluster)], [], at('2026-01-01T00:05:00Z'))
    expect(pending.status).toMatchObject({ phase: 'Pending' })
    expect(condition(pending.status, 'Queued')).toMatchObject({ status: 'True', reason: 'ClusterNotReady' })
    expect(pending.children).toEqual([])
    expect(pending.resyncAfterSeconds).toBe(300)
    const failed = next(parent, pending, [notReady(cluster)], [], '2026-01-01T00:10:00Z')
    expect(failed.status).toMatchObject({ phase: 'Failed' })
    expect(condition(failed.status, 'Completed')).toMatchObject({ reason: 'PreconditionTimeout' })
  })

  it('fails fast on what the engine or the parameters cannot do', () => {
    const mysql = targetCluster({ engine: 'mysql', clusterSize: 3, storage: '10Gi' })
    const even = opsSync(opsRequest('op', { clusterRef: 'postgresql-demo', type: 'HorizontalScaling', horizontalScaling: { replicas: 4 } }), [mysql])
    expect(condition(even.status, 'Completed')).toMatchObject({ reason: 'InvalidSize', message: 'mysql runs 1, 3, 5 instances (Galera needs 3 or 5 nodes for quorum (1 for development only)), not 4' })
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'HorizontalScaling', horizontalScaling: { replicas: 12 } }, 'InvalidSpec'],
      [{ type: 'VolumeExpansion', volumeExpansion: { storage: '5Gi' } }, 'VolumeShrink'],
      [{ type: 'Upgrade', upgrade: { version: '9' } }, 'UnsupportedVersion'],
      [{ type: 'RebuildInstance', rebuildInstance: { instance: 'postgresql-demo-1' } }, 'InstanceIsPrimary'],
      [{ type: 'Restore', restore: { backupName: 'b' } }, 'RestoreNeedsTarget'],
    ]
    for (const [spec, reason] of cases) {
      const r = opsSync(opsRequest('op', { clusterRef: 'postgresql-demo', ...spec }), [cluster])
      expect(r.status.phase, reason).toBe('Failed')
      expect(condition(r.status, 'Completed')?.reason).toBe(reason)
      expect(r.children).toEqual([])
    }
    const kafka = targetCluster({ engine: 'kafka', clusterSize: 3, storage: '10Gi' })
    const switchover = opsSync(opsRequest('op', { clusterRef: 'postgresql-demo', type: 'Switchover' }), [kafka])
    expect(condition(switchover.status, 'Completed')).toMatchObject({ reason: 'UnsupportedOperation', message: 'kafka does not support Switchover (see `dbaas explain`)' })
  })

  it('a cluster asking for Reject refuses spec-changing operations, naming what to do instead', () => {
    const gitops = targetCluster({ ...(cluster.spec as object), opsPolicy: { declarativeOps: 'Reject' } })
    const r = opsSync(opsRequest('op', { clusterRef: 'postgresql-demo', type: 'Stop' }), [gitops])
    expect(condition(r.status, 'Completed')).toMatchObject({ reason: 'RejectedByPolicy' })
  })

  it('Track mode changes nothing and succeeds when Git brings the spec there', () => {
    const tracking = targetCluster({ ...(cluster.spec as object), opsPolicy: { declarativeOps: 'Track' } })
    const parent = opsRequest('op', { clusterRef: 'postgresql-demo', type: 'HorizontalScaling', horizontalScaling: { replicas: 5 } })
    const r = opsSync(parent, [tracking], [], at(T0))
    expect(r.status).toMatchObject({ phase: 'Running' })
    expect(r.children).toEqual([])
    const fromGit = targetCluster({ ...(tracking.spec as object), clusterSize: 5 }, { readyInstances: 5 }, 2)
    expect(next(parent, r, [fromGit], [], '2026-01-01T00:03:00Z').status.phase).toBe('Succeeded')
  })

  it('executor failure: Failed with the failing step from the result ConfigMap', () => {
    const parent = opsRequest('op', { clusterRef: 'postgresql-demo', type: 'Stop' })
    const first = opsSync(parent, [cluster], [], at(T0))
    const result = { ok: false, steps: [{ index: 0, action: 'apply', target: 'DatabaseCluster/team-a/postgresql-demo', ok: false, message: 'Apply failed with 1 conflict: conflict with "argocd-controller"' }] }
    const kids = applied(parent, first, JOB_FAILED, { 'op-run-result': { 'result.json': JSON.stringify(result) } })
    const failed = next(parent, first, [cluster], kids, '2026-01-01T00:01:00Z')
    expect(failed.status.phase).toBe('Failed')
    expect(condition(failed.status, 'Completed')?.message).toBe('step 1 (apply DatabaseCluster/team-a/postgresql-demo) failed: Apply failed with 1 conflict: conflict with "argocd-controller"')
  })

  it('timeout: Aborted at the deadline', () => {
    const parent = opsRequest('op', { clusterRef: 'postgresql-demo', type: 'Stop', timeoutSeconds: 60 })
    const first = opsSync(parent, [cluster], [], at(T0))
    const aborted = next(parent, first, [cluster], applied(parent, first, { active: 1 }), '2026-01-01T00:01:00Z')
    expect(aborted.status).toMatchObject({ phase: 'Aborted' })
    expect(condition(aborted.status, 'Completed')?.reason).toBe('Timeout')
  })

  it('cancel before start always works; while running, a declarative change is rolled back', () => {
    expect(opsSync(opsRequest('op', { clusterRef: 'postgresql-demo', type: 'Restart', cancel: true }), [cluster]).status.phase).toBe('Cancelled')
    const parent = opsRequest('op', { clusterRef: 'postgresql-demo', type: 'Reconfiguring', reconfiguring: { config: [{ name: 'work_mem', value: '64MB' }] } })
    const first = opsSync(parent, [cluster], [], at(T0))
    const cancelled = { ...parent, spec: { ...(parent.spec as object), cancel: true } }
    const rolling = next(cancelled, first, [cluster], applied(parent, first, JOB_DONE), '2026-01-01T00:01:00Z')
    expect(rolling.status).toMatchObject({ phase: 'Running' })
    const rollback = rolling.children.find((c) => c.metadata.name === 'op-rollback-plan')!
    expect(JSON.parse((rollback.data as Record<string, string>)['plan.json']!).steps[0].object.spec).toEqual({ config: [{ name: 'max_connections', value: '200' }] })
    const kids = applied(cancelled, rolling, JOB_DONE)
    expect(next(cancelled, rolling, [cluster], kids, '2026-01-01T00:02:00Z').status.phase).toBe('Cancelled')
  })

  it('a restart cannot be undone: cancel while running is noted and the restart goes on', () => {
    const parent = opsRequest('op', { clusterRef: 'postgresql-demo', type: 'Restart' })
    const first = opsSync(parent, [cluster], [], at(T0))
    const cancelled = { ...parent, spec: { ...(parent.spec as object), cancel: true } }
    const r = next(cancelled, first, [cluster], applied(parent, first, { active: 1 }), '2026-01-01T00:00:30Z')
    expect(r.status.phase).toBe('Running')
    expect(condition(r.status, 'Running')?.message).toMatch(/cannot be undone once started/)
  })

  it('queued behind another operation on the same cluster; blocked by a failed one until it is deleted', () => {
    const first = opsRequest('a-first', { clusterRef: 'postgresql-demo', type: 'Restart' }, { status: { phase: 'Running' } })
    const second = opsRequest('b-second', { clusterRef: 'postgresql-demo', type: 'Stop' }, { created: '2026-01-01T00:00:01Z' })
    const queued = opsSync(second, [cluster, first, second])
    expect(queued.status).toMatchObject({ phase: 'Pending', queuePosition: 1, blockedBy: 'a-first' })
    const failedFirst = { ...first, status: { phase: 'Failed' } }
    const blocked = opsSync(second, [cluster, failedFirst, second])
    expect(blocked.status).toMatchObject({ phase: 'Pending', blockedBy: 'a-first' })
    expect(condition(blocked.status, 'Queued')?.reason).toBe('BlockedByFailedOp')
    const goOn = opsSync({ ...second, spec: { ...(second.spec as object), onPredecessorFailure: 'Continue' } }, [cluster, failedFirst, second])
    expect(goOn.status.phase).toBe('Running')
  })

  it('a finished operation never changes phase, and is deleted by a TTL stage once its TTL runs out', () => {
    const parent = opsRequest('op', { clusterRef: 'postgresql-demo', type: 'Stop', ttlSecondsAfterSucceeded: 3600 }, { status: { phase: 'Succeeded', completionTime: T0, startTime: T0 } })
    const kept = opsSync(parent, [notReady(cluster, 'Failed')], [], at('2026-01-01T00:30:00Z'))
    expect(kept.status.phase).toBe('Succeeded')
    expect(kept.resyncAfterSeconds).toBe(1800)
    const expired = opsSync(parent, [], [], at('2026-01-01T01:00:00Z'))
    expect(expired.status.phase).toBe('Succeeded')
    const plan = JSON.parse((expired.children.find((c) => c.metadata.name === 'op-ttl-plan')!.data as Record<string, string>)['plan.json']!)
    expect(plan.steps).toEqual([{ action: 'delete', target: { apiVersion: 'dbaas.io/v1alpha1', kind: 'OpsRequest', resource: 'opsrequests', name: 'op', namespace: 'team-a' }, uid: 'uid-op', ignoreNotFound: true }])
  })

  it('after it finishes, the Completed condition keeps how it ended, with the TTL noted after it', () => {
    const failedAt = { type: 'Completed', status: 'True', reason: 'ExecutorFailed', message: 'step 1 (mergePatch StatefulSet/team-a/db-pxc) failed: forbidden', lastTransitionTime: T0, observedGeneration: 1 }
    const parent = opsRequest('op', { clusterRef: 'postgresql-demo', type: 'Restart', ttlSecondsAfterFailed: 3600 }, { status: { phase: 'Failed', completionTime: T0, startTime: T0, conditions: [failedAt] } })
    const first = opsSync(parent, [cluster], [], at('2026-01-01T00:30:00Z'))
    expect(condition(first.status, 'Completed')).toMatchObject({ reason: 'ExecutorFailed', message: 'step 1 (mergePatch StatefulSet/team-a/db-pxc) failed: forbidden (TTL: deleted after 2026-01-01T01:00:00Z)' })
    const again = opsSync({ ...parent, status: first.status }, [cluster], [], at('2026-01-01T01:00:00Z'))
    expect(condition(again.status, 'Completed')).toMatchObject({ reason: 'ExecutorFailed', message: 'step 1 (mergePatch StatefulSet/team-a/db-pxc) failed: forbidden (TTL: its TTL of 3600s ran out, deleting the OpsRequest)' })
  })
})
