/**
 * Step 2, engine: version, KRaft metadata version and image; the broker
 * config; simple authorization (KafkaUser ACLs); the Entity Operator so
 * KafkaTopic and KafkaUser objects labelled `strimzi.io/cluster: <c>` are
 * carried out; at most one node down at a time during voluntary disruptions;
 * and the node pools with their storage and resources.
 */
import { buildNodePool } from '../builders/node-pool.js'
import type { Desired, Step } from '../pipeline.js'
import { withKafka } from '../pipeline.js'

export const engine: Step = (desired, { cluster, resolved }): Desired => {
  const { spec } = cluster
  const pools = resolved.pools.map((plan) => buildNodePool({ cluster: cluster.name, namespace: cluster.namespace, plan, storageClass: spec.storageClass, resources: spec.resources, deletionPolicy: spec.deletionPolicy }))
  const next = withKafka(desired, {
    kafka: {
      version: resolved.version,
      metadataVersion: resolved.metadataVersion,
      image: resolved.image,
      config: resolved.config,
      authorization: { type: 'simple' },
      template: { podDisruptionBudget: { maxUnavailable: 1 } },
    },
    entityOperator: { topicOperator: {}, userOperator: {} },
  })
  return { ...next, pools: [...next.pools, ...pools] }
}
