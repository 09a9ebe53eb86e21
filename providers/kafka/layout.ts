/**
 * Which KafkaNodePools the cluster has. Strimzi 1.2 cannot change the KRaft
 * controller quorum of a running cluster (its docs: scaling controllers is not
 * supported), and deleting a pool deletes its nodes and their data, so the
 * layout is chosen once, when the cluster is created, and read back from the
 * observed pools afterwards:
 *
 * - shared: up to 3 nodes are both controller and broker (the `dual` pool;
 *   1 node when there are 2 brokers, since a quorum of 2 needs both), and any
 *   further brokers are broker-only (the `brokers` pool);
 * - dedicated: 3 controller-only nodes (the `controllers` pool, with a small
 *   volume: KRaft metadata is small) and `clusterSize` broker-only nodes.
 *
 * Scaling changes the broker-only pool only; a broker-only pool, once made,
 * stays (at 0 replicas if need be) so it is never deleted with data on it.
 */
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import { compareQuantities } from '../../api/quantity.js'
import { lastApplied, numberField } from '../shared/observed.js'
import type { Lookup } from '../shared/related.js'
import { type PoolKind, kafkaNames } from './names.js'
import { observedPool } from './observed.js'

export type NodeRole = 'controller' | 'broker'

export interface PoolPlan {
  kind: PoolKind
  name: string
  roles: NodeRole[]
  replicas: number
  storage: string
}

export const DEDICATED_QUORUM = 3
/** Largest controller-only volume: the metadata log stays far below it. */
export const CONTROLLER_STORAGE_CAP = '20Gi'

const ROLES: Record<PoolKind, NodeRole[]> = { dual: ['controller', 'broker'], controllers: ['controller'], brokers: ['broker'] }

function plan(input: ClusterInput, kind: PoolKind, replicas: number): PoolPlan {
  const { name, spec } = input.cluster
  const small = compareQuantities(spec.storage, CONTROLLER_STORAGE_CAP) === 1 ? CONTROLLER_STORAGE_CAP : spec.storage
  return { kind, name: kafkaNames.pool(name, kind), roles: ROLES[kind], replicas, storage: kind === 'controllers' ? small : spec.storage }
}

/** Replicas of a pool as we last applied them (its quorum share), when it exists. */
function appliedReplicas(input: ClusterInput, kind: PoolKind): number | undefined {
  const pool = observedPool(input, kind)
  return pool === undefined ? undefined : numberField(lastApplied(pool), 'spec', 'replicas') ?? 0
}

function shared(input: ClusterInput, quorum: number, keepBrokers: boolean): Lookup<PoolPlan[]> {
  const size = input.cluster.spec.clusterSize
  if (size < quorum) {
    return { ok: false, reason: 'QuorumFixed', message: `kafka: ${String(quorum)} dual-role nodes hold the KRaft controller quorum, which Strimzi cannot shrink; clusterSize cannot go below ${String(quorum)}` }
  }
  const pools = [plan(input, 'dual', quorum)]
  if (size > quorum || keepBrokers) pools.push(plan(input, 'brokers', size - quorum))
  return { ok: true, value: pools }
}

function dedicated(input: ClusterInput, quorum: number): Lookup<PoolPlan[]> {
  return { ok: true, value: [plan(input, 'controllers', quorum), plan(input, 'brokers', input.cluster.spec.clusterSize)] }
}

function fixedLayout(want: boolean | undefined, have: boolean): Lookup<never> | undefined {
  if (want === undefined || want === have) return undefined
  const now = have ? 'dedicated controllers' : 'controllers shared with the brokers'
  return { ok: false, reason: 'LayoutFixed', message: `kafka: this cluster runs ${now}; dedicatedControllers cannot change once it exists (Strimzi cannot move the KRaft quorum)` }
}

export function resolveLayout(input: ClusterInput): Lookup<PoolPlan[]> {
  const { clusterSize: size, dedicatedControllers: want } = input.cluster.spec
  const dual = appliedReplicas(input, 'dual')
  const controllers = appliedReplicas(input, 'controllers')
  if (dual !== undefined) return fixedLayout(want, false) ?? shared(input, dual, appliedReplicas(input, 'brokers') !== undefined)
  if (controllers !== undefined) return fixedLayout(want, true) ?? dedicated(input, controllers)
  if (want ?? size > DEDICATED_QUORUM) return dedicated(input, DEDICATED_QUORUM)
  return shared(input, size === 2 ? 1 : Math.min(size, DEDICATED_QUORUM), false)
}

