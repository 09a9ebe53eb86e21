/**
 * Restore into a new DatabaseCluster: a copy of the source's spec whose data
 * comes from the backup (engines that cannot restore in place). The new
 * cluster is created by the executor, not owned by the OpsRequest, so it
 * outlives it.
 */
import type { PlanStep } from '../../../api/ops-plan.js'
import { API_VERSION } from '../../../api/crds.js'
import type { KObject } from '../../shared/kube.js'
import { ref } from './types.js'
import type { OpsObject } from '../parse.js'

export function restoreIntoNewCluster(ops: OpsObject, cluster: KObject, target: string): PlanStep {
  const source = (typeof cluster.spec === 'object' && cluster.spec !== null ? cluster.spec : {}) as Record<string, unknown>
  const { dataSource: _ignored, ...spec } = source
  const restore = ops.spec.restore
  const dataSource = { backupName: restore?.backupName ?? '', ...(restore?.pointInTime === undefined ? {} : { pointInTime: restore.pointInTime }) }
  return {
    action: 'create',
    target: ref(API_VERSION, 'DatabaseCluster', 'databaseclusters', target, ops.namespace),
    object: {
      apiVersion: API_VERSION,
      kind: 'DatabaseCluster',
      metadata: { name: target, namespace: ops.namespace, labels: { 'dbaas.io/restored-from': cluster.metadata.name, 'dbaas.io/ops-request': ops.name } },
      spec: { ...spec, dataSource },
    },
    ignoreExisting: false,
  }
}
