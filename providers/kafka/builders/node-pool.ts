/**
 * A KafkaNodePool: its roles, replicas, resources and one JBOD volume that
 * also holds the KRaft metadata log. `deleteClaim` follows the cluster's
 * deletionPolicy: with `Delete` Strimzi removes a node's volume with the node
 * (scale-down) or the Kafka; with `Retain` the volumes outlive both.
 */
import { type DeletionPolicy, deletesVolumes } from '../../../api/database-cluster.js'
import type { ResourceRequirements } from '../../../api/k8s-schema.js'
import type { KObject } from '../../shared/kube.js'
import { clusterLabels } from '../../shared/labels.js'
import { STRIMZI_API } from '../child-types.js'
import type { PoolPlan } from '../layout.js'

export const STRIMZI_CLUSTER_LABEL = 'strimzi.io/cluster'

export interface NodePoolInput {
  cluster: string
  namespace: string
  plan: PoolPlan
  storageClass: string | undefined
  resources: ResourceRequirements | undefined
  deletionPolicy: DeletionPolicy
}

export function buildNodePool(input: NodePoolInput): KObject & { spec: Record<string, unknown> } {
  const { plan } = input
  const volume = {
    id: 0,
    type: 'persistent-claim',
    size: plan.storage,
    ...(input.storageClass === undefined ? {} : { class: input.storageClass }),
    deleteClaim: deletesVolumes(input.deletionPolicy),
    kraftMetadata: 'shared',
  }
  return {
    apiVersion: STRIMZI_API,
    kind: 'KafkaNodePool',
    metadata: {
      name: plan.name,
      namespace: input.namespace,
      labels: { ...clusterLabels(input.cluster, 'kafka', plan.kind), [STRIMZI_CLUSTER_LABEL]: input.cluster },
    },
    spec: {
      replicas: plan.replicas,
      roles: [...plan.roles],
      ...(input.resources === undefined ? {} : { resources: input.resources }),
      storage: { type: 'jbod', volumes: [volume] },
    },
  }
}
