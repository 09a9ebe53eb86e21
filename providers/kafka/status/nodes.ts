/**
 * The nodes, from the KafkaNodePools' status (`nodeIds`, `roles`,
 * `replicas`), and whether each pool has caught up with its spec. A pool's
 * spec can change without the Kafka's generation moving (scaling changes the
 * pool only), so the Kafka's Ready condition alone does not cover it; and
 * Strimzi reverts a scale-down it considers unsafe, leaving the pool's
 * status behind its spec with a Warning on the Kafka.
 */
import type { InstanceStatus } from '../../../api/database-cluster.js'
import type { KObject } from '../../shared/kube.js'
import { field, numberField } from '../../shared/observed.js'
import { kafkaNames } from '../names.js'

export interface NodeFacts {
  nodes: { id: number; name: string; role: InstanceStatus['role'] }[]
  brokers: number
  /** Why the pools are not where their spec says, one line per pool. */
  unsettled: string[]
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

function ids(pool: KObject): number[] {
  const list = field(pool, 'status', 'nodeIds')
  return Array.isArray(list) ? list.filter((v): v is number => Number.isInteger(v)) : []
}

function unsettled(pool: KObject, usedByKafka: readonly string[]): string | undefined {
  const name = pool.metadata.name
  const generation = pool.metadata.generation
  const observed = numberField(pool, 'status', 'observedGeneration')
  if (generation === undefined || observed !== generation) return `KafkaNodePool ${name}: Strimzi has not reconciled generation ${String(generation ?? '?')} yet`
  if (!usedByKafka.includes(name)) return `KafkaNodePool ${name} is not in use by the Kafka yet`
  const want = numberField(pool, 'spec', 'replicas')
  const have = numberField(pool, 'status', 'replicas')
  if (want !== have) return `KafkaNodePool ${name} runs ${String(have ?? 0)} nodes, ${String(want ?? 0)} asked for`
  return undefined
}

export function nodeFacts(cluster: string, pools: readonly KObject[], usedByKafka: readonly string[]): NodeFacts {
  const nodes: NodeFacts['nodes'] = []
  const lines: string[] = []
  for (const pool of pools) {
    const roles = field(pool, 'status', 'roles') === undefined ? strings(field(pool, 'spec', 'roles')) : strings(field(pool, 'status', 'roles'))
    const role = roles.includes('broker') ? 'broker' : 'controller'
    for (const id of ids(pool)) nodes.push({ id, name: kafkaNames.pod(cluster, pool.metadata.name, id), role })
    const line = unsettled(pool, usedByKafka)
    if (line !== undefined) lines.push(line)
  }
  nodes.sort((a, b) => a.id - b.id)
  return { nodes, brokers: nodes.filter((n) => n.role === 'broker').length, unsettled: lines }
}
