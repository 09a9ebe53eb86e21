/**
 * OpsRequests on Strimzi (child-operators.md §4d): a rolling restart by the
 * `strimzi.io/manual-rolling-update` annotation on each broker pod (the
 * operator rolls them one at a time, keeping partitions available), and a
 * rebuild by deleting a broker's Pod and its JBOD volume so Kafka
 * re-replicates it. Kafka has no backup or restore in Strimzi.
 */
import type { PlanStep } from '../../../api/ops-plan.js'
import { field } from '../../shared/observed.js'
import { type EngineOps, type Steps, ref, refuse } from './types.js'

const KAFKA_API = 'kafka.strimzi.io/v1'

export const kafkaOps: EngineOps = (input): Steps => {
  const { ops } = input
  const ns = ops.namespace
  switch (ops.spec.type) {
    case 'Restart': {
      const roles = field(input.cluster, 'status', 'instanceRoles')
      const pods = Array.isArray(roles) ? (roles as { name: string }[]).map((r) => r.name).sort() : []
      if (pods.length === 0) return refuse('NoInstances', `DatabaseCluster ${input.cluster.metadata.name} reports no instances to restart`)
      const steps: PlanStep[] = pods.map((pod) => ({ action: 'mergePatch', target: ref('v1', 'Pod', 'pods', pod, ns), patch: { metadata: { annotations: { 'strimzi.io/manual-rolling-update': 'true' } } } }))
      return { ok: true, steps }
    }
    case 'RebuildInstance': {
      const pod = ops.spec.rebuildInstance?.instance ?? ''
      return { ok: true, steps: [{ action: 'delete', target: ref('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', `data-0-${pod}`, ns), ignoreNotFound: true }, { action: 'delete', target: ref('v1', 'Pod', 'pods', pod, ns), ignoreNotFound: true }] }
    }
    case 'Custom':
      return { ok: true, steps: [{ action: 'mergePatch', target: ref(KAFKA_API, 'Kafka', 'kafkas', input.cluster.metadata.name, ns), patch: { metadata: { annotations: ops.spec.custom?.annotations ?? {} } } }] }
    default:
      return refuse('UnsupportedOperation', `kafka does not support ${ops.spec.type}`)
  }
}
