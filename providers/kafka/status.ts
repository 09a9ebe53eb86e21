/**
 * Kafka status from Strimzi's: Ready only when the Ready condition is True
 * and the status describes the current generation; listeners give the
 * bootstrap endpoints; node pools give each node and its roles.
 */
import type { Endpoint, InstanceStatus } from '../../api/database-cluster.js'
import type { ClusterInput, EngineStatus } from '../database-cluster/engine-provider.js'
import { findCondition } from '../shared/conditions.js'
import { field, findObject, numberField, stringField } from '../shared/observed.js'
import { NODE_POOL_TYPE } from './child-types.js'
import { observedKafka } from './desired.js'
import { poolPlans } from './pools.js'

function endpoints(input: ClusterInput, status: unknown): Endpoint[] {
  const list = field(status, 'listeners')
  if (!Array.isArray(list)) return []
  return list.flatMap((l: unknown): Endpoint[] => {
    const address = (field(l, 'addresses') as unknown[] | undefined)?.[0]
    const host = stringField(address, 'host')
    const port = numberField(address, 'port')
    if (host === undefined || port === undefined) return []
    const name = stringField(l, 'name') ?? 'listener'
    return [{ name, role: 'bootstrap', host, port, secretName: `${input.cluster.name}-cluster-ca-cert` }]
  })
}

function nodes(input: ClusterInput): { roles: InstanceStatus[]; replicas: number } {
  const roles: InstanceStatus[] = []
  let replicas = 0
  for (const plan of poolPlans(input.cluster)) {
    const pool = findObject(input.children, NODE_POOL_TYPE.apiVersion, NODE_POOL_TYPE.kind, plan.name, input.cluster.namespace)
    const ids = field(pool, 'status', 'nodeIds')
    replicas += numberField(pool, 'status', 'replicas') ?? 0
    if (!Array.isArray(ids)) continue
    for (const id of ids) roles.push({ name: `${input.cluster.name}-${plan.name}-${String(id)}`, role: plan.roles.includes('broker') ? 'broker' : 'controller', state: 'unknown' })
  }
  return { roles: roles.sort((a, b) => a.name.localeCompare(b.name)), replicas }
}

export function statusKafka(input: ClusterInput): EngineStatus {
  const kafka = observedKafka(input)
  const status = kafka?.status
  const ready = findCondition(field(status, 'conditions'), 'Ready')
  const notReady = findCondition(field(status, 'conditions'), 'NotReady')
  const current = kafka !== undefined && numberField(status, 'observedGeneration') === kafka.metadata.generation
  const isReady = ready?.status === 'True' && current
  const failed = notReady?.status === 'True' && typeof notReady.reason === 'string' && /Exception|Invalid/.test(notReady.reason)
  const phase = kafka === undefined || status === undefined ? 'Creating' : isReady ? 'Ready' : failed ? 'Failed' : current ? 'Creating' : 'Updating'
  const { roles, replicas } = nodes(input)
  const size = input.cluster.spec.clusterSize
  const why = typeof notReady?.message === 'string' ? notReady.message : current ? 'Strimzi is still reconciling' : 'Strimzi has not caught up with the latest spec'
  const result: EngineStatus = {
    phase,
    ready: isReady,
    readyReason: isReady ? 'ClusterReady' : failed ? 'ClusterFailed' : 'ClusterNotReady',
    readyMessage: isReady ? `${size} brokers ready` : why,
    progressing: phase !== 'Ready' && phase !== 'Failed',
    endpoints: endpoints(input, status),
    backup: { configured: false },
    ...(isReady ? { readyInstances: size } : {}),
  }
  if (replicas > 0) result.instances = replicas
  if (roles.length > 0) result.instanceRoles = roles
  const version = stringField(status, 'kafkaVersion')
  if (version !== undefined) result.version = version
  if (kafka !== undefined) {
    const clusterId = stringField(status, 'clusterId')
    result.engine = { kind: 'Kafka', name: kafka.metadata.name, phase: isReady ? 'Ready' : 'NotReady', message: [clusterId === undefined ? undefined : `clusterId ${clusterId}`, typeof notReady?.message === 'string' ? notReady.message : undefined].filter((m) => m !== undefined).join('; ') || why }
  }
  if (input.cluster.spec.monitoring?.enabled === true) result.podMonitor = input.cluster.name
  return result
}
