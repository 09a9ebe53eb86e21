/**
 * KRaft node pools. Up to 3 nodes, every node is both controller and broker
 * (one `dual` pool); beyond that, 3 dedicated controllers and `clusterSize`
 * brokers, as Strimzi's own persistent example does. Pool names carry the
 * cluster name: KafkaNodePools are namespaced, and two clusters in one
 * namespace must not share a pool.
 */
import type { DatabaseClusterSpec } from '../../api/database-cluster.js'
import type { ClusterObject } from '../database-cluster/engine-provider.js'
import type { KObject } from '../shared/kube.js'
import { clusterLabels } from '../shared/labels.js'
import { childName } from '../shared/names.js'
import { STRIMZI_API } from './child-types.js'

export interface PoolPlan {
  name: string
  roles: ('controller' | 'broker')[]
  replicas: number
}

export const DEDICATED_CONTROLLERS_ABOVE = 3

export function poolPlans(c: ClusterObject): PoolPlan[] {
  const size = c.spec.clusterSize
  if (size <= DEDICATED_CONTROLLERS_ABOVE) return [{ name: childName(c.name, 'dual'), roles: ['controller', 'broker'], replicas: size }]
  return [
    { name: childName(c.name, 'controllers'), roles: ['controller'], replicas: 3 },
    { name: childName(c.name, 'brokers'), roles: ['broker'], replicas: size },
  ]
}

function podTemplate(spec: DatabaseClusterSpec, cluster: string, pool: string): Record<string, unknown> {
  const s = spec.scheduling
  const anti = s?.antiAffinity ?? 'preferred'
  const term = { labelSelector: { matchLabels: { 'strimzi.io/cluster': cluster, 'strimzi.io/pool-name': pool } }, topologyKey: s?.topologyKey ?? 'kubernetes.io/hostname' }
  const podAntiAffinity = anti === 'required' ? { requiredDuringSchedulingIgnoredDuringExecution: [term] } : anti === 'preferred' ? { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } : undefined
  const affinity = { ...(podAntiAffinity === undefined ? {} : { podAntiAffinity }), ...(s?.affinity === undefined ? {} : { nodeAffinity: s.affinity }) }
  return {
    ...(Object.keys(affinity).length === 0 ? {} : { affinity }),
    ...(s?.tolerations === undefined ? {} : { tolerations: s.tolerations }),
    ...(s?.topologySpreadConstraints === undefined ? {} : { topologySpreadConstraints: s.topologySpreadConstraints }),
    ...(s?.priorityClassName === undefined ? {} : { priorityClassName: s.priorityClassName }),
  }
}

export function buildNodePool(c: ClusterObject, plan: PoolPlan): KObject {
  const { spec } = c
  const template = podTemplate(spec, c.name, plan.name)
  return {
    apiVersion: STRIMZI_API,
    kind: 'KafkaNodePool',
    metadata: { name: plan.name, namespace: c.namespace, labels: { ...clusterLabels(c.name, 'kafka', plan.roles.join('-')), 'strimzi.io/cluster': c.name } },
    spec: {
      replicas: plan.replicas,
      roles: plan.roles,
      ...(spec.resources === undefined ? {} : { resources: spec.resources }),
      storage: {
        type: 'jbod',
        volumes: [{ id: 0, type: 'persistent-claim', size: spec.storage, ...(spec.storageClass === undefined ? {} : { class: spec.storageClass }), deleteClaim: false, kraftMetadata: 'shared' }],
      },
      ...(Object.keys(template).length === 0 ? {} : { template: { pod: template } }),
    },
  }
}
