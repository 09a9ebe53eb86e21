/** The Kafka children Metacontroller observed. */
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import type { KObject } from '../shared/kube.js'
import { findObject } from '../shared/observed.js'
import { KAFKA_TYPE, NODE_POOL_TYPE } from './child-types.js'
import { POOL_KINDS, type PoolKind, kafkaNames } from './names.js'

export function observedKafka(input: ClusterInput): KObject | undefined {
  const { name, namespace } = input.cluster
  return findObject(input.children, KAFKA_TYPE.apiVersion, KAFKA_TYPE.kind, kafkaNames.kafka(name), namespace)
}

export function observedPool(input: ClusterInput, kind: PoolKind): KObject | undefined {
  const { name, namespace } = input.cluster
  return findObject(input.children, NODE_POOL_TYPE.apiVersion, NODE_POOL_TYPE.kind, kafkaNames.pool(name, kind), namespace)
}

/** Every pool of this cluster that exists, in a fixed order. */
export function observedPools(input: ClusterInput): { kind: PoolKind; pool: KObject }[] {
  return POOL_KINDS.flatMap((kind) => {
    const pool = observedPool(input, kind)
    return pool === undefined ? [] : [{ kind, pool }]
  })
}
