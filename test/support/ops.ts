/** Builders for OpsRequest tests. */
import { CONTROLLERS } from '../../providers/controllers.js'
import { syncOpsRequest } from '../../providers/ops-request/sync.js'
import type { ReconcileContext } from '../../providers/shared/context.js'
import type { CompositeSyncResponse, KObject } from '../../providers/shared/kube.js'
import { CTX, SEED_SPEC, databaseCluster } from './clusters.js'
import { type ChildRule, applyChild, childrenMap, compositeController, relatedMap } from './metacontroller.js'

export const OPS_RULES: ChildRule[] = CONTROLLERS.find((c) => c.name === 'opsrequest')!.childTypes().map((t) => ({ apiVersion: t.apiVersion, kind: t.kind, resource: t.resource }))
export const OPS_CONTROLLER = compositeController('dbaas-opsrequest', OPS_RULES)

export const T0 = '2026-01-01T00:00:00Z'

export function at(time: string): ReconcileContext {
  return { ...CTX, now: time }
}

export function opsRequest(name: string, spec: Record<string, unknown>, extra: { status?: Record<string, unknown>; created?: string; generation?: number } = {}): KObject {
  const obj: KObject = {
    apiVersion: 'dbaas.io/v1alpha1',
    kind: 'OpsRequest',
    metadata: { name, namespace: 'team-a', uid: `uid-${name}`, generation: extra.generation ?? 1, creationTimestamp: extra.created ?? T0 },
    spec,
  }
  if (extra.status !== undefined) obj.status = extra.status
  return obj
}

const READY_CONDITIONS = [{ type: 'Ready', status: 'True', reason: 'ClusterReady', message: '3/3 instances ready', lastTransitionTime: T0 }]

/** A DatabaseCluster as the API server holds it, with a status. */
export function targetCluster(spec: Record<string, unknown> = SEED_SPEC, status: Record<string, unknown> = {}, generation = 1, name = 'postgresql-demo'): KObject {
  const c = databaseCluster(name, spec, { generation })
  return {
    ...c,
    metadata: { ...c.metadata, creationTimestamp: T0 },
    status: {
      observedGeneration: generation,
      phase: 'Ready',
      conditions: READY_CONDITIONS,
      readyInstances: 3,
      primary: `${name}-1`,
      instanceRoles: [
        { name: `${name}-1`, role: 'primary', state: 'healthy' },
        { name: `${name}-2`, role: 'replica', state: 'healthy' },
        { name: `${name}-3`, role: 'replica', state: 'healthy' },
      ],
      ...status,
    },
  }
}

export function notReady(cluster: KObject, phase = 'Updating'): KObject {
  return { ...cluster, status: { ...(cluster.status as object), phase, readyInstances: 2, conditions: [{ type: 'Ready', status: 'False', reason: 'ClusterNotReady', message: '2/3', lastTransitionTime: T0 }] } }
}

export function opsSync(parent: KObject, related: KObject[], children: KObject[] = [], ctx: ReconcileContext = CTX): CompositeSyncResponse {
  return syncOpsRequest({ controller: OPS_CONTROLLER, parent, children: childrenMap(OPS_RULES, children), related: relatedMap(related), finalizing: false }, ctx)
}

/** Children as Metacontroller applied them; Jobs get the given status. */
export function applied(parent: KObject, response: CompositeSyncResponse, jobStatus?: Record<string, unknown>, data: Record<string, Record<string, string>> = {}): KObject[] {
  return response.children.map((c, i) => {
    const obj = applyChild(c, parent, c.kind === 'Job' ? jobStatus : undefined, i + 1)
    const extra = data[c.metadata.name]
    return extra === undefined ? obj : { ...obj, data: extra }
  })
}

export const JOB_DONE = { succeeded: 1, completionTime: '2026-01-01T00:01:00Z', conditions: [{ type: 'Complete', status: 'True' }] }
export const JOB_FAILED = { failed: 3, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] }
