/**
 * `deletionPolicy: Retain` for engines whose operator owns the volumes and
 * would delete them with its cluster (CloudNativePG sets its Cluster as the
 * owner of every PVC). Before the engine's cluster is deleted, a short-lived
 * executor Job takes our cluster's volumes out of the garbage collector's
 * reach: it removes their owner references and labels them
 * `dbaas.io/retained-from: <cluster>`. Exactly the PVCs the operator reports
 * are named in the plan and in the Job's Role; nothing else can be touched.
 */
import type { OpsPlan } from '../../api/ops-plan.js'
import type { ReconcileContext } from '../shared/context.js'
import type { ChildType, KObject, ObjectMap } from '../shared/kube.js'
import { clusterLabels } from '../shared/labels.js'
import { childName } from '../shared/names.js'
import { findObject, stringField } from '../shared/observed.js'
import { buildExecutorJob, buildPlanConfigMap, buildResultConfigMap } from '../ops-request/executor/job.js'
import { buildExecutorRbac } from '../ops-request/executor/rbac.js'
import { jobOutcome } from '../shared/job-outcome.js'

export const RETAINED_FROM_LABEL = 'dbaas.io/retained-from'

/** The executor's kinds (ConfigMap is already a base child type); removed last. */
export const RETAIN_TYPES: readonly ChildType[] = [
  { apiVersion: 'v1', kind: 'ServiceAccount', resource: 'serviceaccounts', stateful: false, teardown: 3 },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', resource: 'roles', stateful: false, teardown: 3 },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', resource: 'rolebindings', stateful: false, teardown: 3 },
  { apiVersion: 'batch/v1', kind: 'Job', resource: 'jobs', stateful: false, teardown: 3 },
]

export interface ParentRef {
  name: string
  namespace: string
  uid: string
}

export type ReleaseState = { state: 'running' } | { state: 'done' } | { state: 'failed'; message: string }

export interface Release {
  /** The Job, its identity and Role, its plan and result ConfigMaps. */
  children: KObject[]
  state: ReleaseState
}

export const retainNames = {
  job: (cluster: string) => childName(cluster, 'retain'),
  result: (cluster: string) => childName(cluster, 'retain-result'),
}

export function releasePlan(parent: ParentRef, volumes: readonly string[]): OpsPlan {
  return {
    apiVersion: 'dbaas.io/v1alpha1',
    kind: 'OpsPlan',
    opsRequest: { name: parent.name, namespace: parent.namespace, uid: parent.uid },
    summary: `keep the volumes of DatabaseCluster ${parent.namespace}/${parent.name} after it is deleted (deletionPolicy: Retain)`,
    steps: volumes.map((name) => ({
      action: 'mergePatch' as const,
      target: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', resource: 'persistentvolumeclaims', name, namespace: parent.namespace },
      patch: { metadata: { ownerReferences: null, labels: { [RETAINED_FROM_LABEL]: parent.name } } },
    })),
    result: { configMap: retainNames.result(parent.name) },
  }
}

function releaseState(children: ObjectMap, parent: ParentRef): ReleaseState {
  const job = findObject(children, 'batch/v1', 'Job', retainNames.job(parent.name), parent.namespace)
  if (job === undefined) return { state: 'running' }
  const outcome = jobOutcome(job)
  if (outcome === 'succeeded') return { state: 'done' }
  if (outcome === 'failed') {
    const result = stringField(findObject(children, 'v1', 'ConfigMap', retainNames.result(parent.name), parent.namespace), 'data', 'result.json')
    const detail = result === undefined ? '' : ` (executor result: ${result.trim().slice(0, 500)})`
    return { state: 'failed', message: `the Job that keeps the volumes failed${detail}; see kubectl logs job/${retainNames.job(parent.name)} -n ${parent.namespace}, then delete the Job to retry` }
  }
  return { state: 'running' }
}

/** The release Job and its state; undefined when there are no volumes to keep. */
export function releaseVolumes(parent: ParentRef, engine: string, volumes: readonly string[], children: ObjectMap, ctx: ReconcileContext): Release | undefined {
  if (volumes.length === 0) return undefined
  const name = retainNames.job(parent.name)
  const labels = clusterLabels(parent.name, engine, 'retain-volumes')
  const plan = releasePlan(parent, [...volumes].sort())
  const input = { name, namespace: parent.namespace, labels, serviceAccount: name, image: ctx.config.runnerImage, plan, activeDeadlineSeconds: 600 }
  return {
    children: [...buildExecutorRbac(name, parent.namespace, labels, [plan]), buildPlanConfigMap(input), buildResultConfigMap(input), buildExecutorJob(input)],
    state: releaseState(children, parent),
  }
}
