/**
 * Kafka test fixtures: specs, and a model of what Strimzi 1.2 writes into the
 * status of a healthy Kafka and its KafkaNodePools (child-operators.md §4c).
 */
import { POOL_KINDS, kafkaNames } from '../../../providers/kafka/names.js'
import type { CompositeSyncResponse, KObject } from '../../../providers/shared/kube.js'
import { LAST_APPLIED } from '../../../providers/shared/observed.js'
import { applyChild } from '../../support/metacontroller.js'
import { databaseCluster, sync } from '../../support/clusters.js'

export const SPEC = { engine: 'kafka', clusterSize: 3, storage: '50Gi', config: [{ name: 'log.retention.hours', value: '168' }] }
export const CLUSTER_ID = 'XP9FP2P-RByvEy0W4cOEUA'

type Obj = Record<string, unknown>

export function spec(extra: Obj = {}): Obj {
  return { ...SPEC, ...extra }
}

/** Strimzi's status for a Kafka it has reconciled: Ready, listeners, pools in use. */
export function kafkaStatus(kafka: KObject, overrides: Obj = {}): Obj {
  const { name, namespace } = kafka.metadata
  const host = `${name}-kafka-bootstrap.${namespace ?? ''}.svc`
  const kafkaSpec = (kafka.spec as { kafka: { version: string; metadataVersion: string; listeners: { name: string; port: number }[] } }).kafka
  return {
    observedGeneration: 1,
    clusterId: CLUSTER_ID,
    kafkaVersion: kafkaSpec.version,
    kafkaMetadataVersion: kafkaSpec.metadataVersion,
    operatorLastSuccessfulVersion: '1.2.0',
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:05:00Z' }],
    kafkaNodePools: POOL_KINDS.map((kind) => ({ name: kafkaNames.pool(name, kind) })),
    listeners: kafkaSpec.listeners.map((l) => ({ name: l.name, addresses: [{ host, port: l.port }], bootstrapServers: `${host}:${String(l.port)}` })),
    ...overrides,
  }
}

/** Node ids as Strimzi hands them out: quorum pools from 0, broker-only pools from 3. */
export function poolStatus(pool: KObject, overrides: Obj = {}): Obj {
  const { replicas, roles } = pool.spec as { replicas: number; roles: string[] }
  const first = pool.metadata.name.endsWith('brokers') ? 3 : 0
  return { observedGeneration: 1, clusterId: CLUSTER_ID, replicas, roles, nodeIds: Array.from({ length: replicas }, (_, i) => first + i), ...overrides }
}

/** A healthy Strimzi, as a status function for applyChild or the Simulator. */
export function healthy(child: KObject): Obj | undefined {
  if (child.kind === 'Kafka') return kafkaStatus(child)
  if (child.kind === 'KafkaNodePool') return poolStatus(child)
  return undefined
}

/** The children of `parent` as the API server holds them after one sync, with statuses from `statusOf`. */
export function applied(parent: KObject, statusOf: (child: KObject) => Obj | undefined = healthy): KObject[] {
  return sync(parent).children.map((c, i) => applyChild(c, parent, statusOf(c), i + 1))
}

/** A parent that has run `first` and now asks for `next` (generation 2). */
export function changed(name: string, first: Obj, next: Obj): { parent: KObject; children: KObject[] } {
  const children = applied(databaseCluster(name, first))
  return { parent: databaseCluster(name, next, { generation: 2 }), children }
}

export function kinds(res: CompositeSyncResponse): string[] {
  return res.children.map((c) => `${c.kind}/${c.metadata.name}`)
}

export function pools(res: CompositeSyncResponse): [string, number, string[]][] {
  return res.children.filter((c) => c.kind === 'KafkaNodePool').map((c) => [c.metadata.name, (c.spec as Obj).replicas as number, (c.spec as Obj).roles as string[]])
}

export function lastAppliedOf(child: KObject): KObject {
  return JSON.parse(child.metadata.annotations?.[LAST_APPLIED] ?? '{}') as KObject
}

const specOf = (o: KObject | undefined) => (o?.spec ?? {}) as Obj

/** metricsConfig of type jmxPrometheusExporter needs valueFrom (a CEL rule), and we must emit what it points at. */
function metricsRules(metrics: Obj | undefined, children: readonly KObject[]): string[] {
  if (metrics?.type !== 'jmxPrometheusExporter') return []
  const ref = (metrics.valueFrom as { configMapKeyRef?: { name: string; key: string } } | undefined)?.configMapKeyRef
  if (ref === undefined) return ['metricsConfig: valueFrom property is required']
  const target = children.find((c) => c.kind === 'ConfigMap' && c.metadata.name === ref.name)
  return (target?.data as Obj | undefined)?.[ref.key] === undefined ? [`metricsConfig: ConfigMap ${ref.name} key ${ref.key} is not emitted`] : []
}

/** The Kafka's CEL rules: metricsConfig (above); rack needs a topologyKey. */
function kafkaRules(kafka: KObject | undefined, children: readonly KObject[]): string[] {
  const k = specOf(kafka).kafka as Obj | undefined
  const rack = k?.rack as Obj | undefined
  const rackProblems = rack !== undefined && (typeof rack.topologyKey !== 'string' || rack.topologyKey === '') ? ['rack: topologyKey property is required'] : []
  return [...metricsRules(k?.metricsConfig as Obj | undefined, children), ...rackProblems]
}

/** Strimzi's checks on node pools: labelled for the Kafka, one metadata volume, a quorum that is not 2. */
function poolRules(kafka: KObject | undefined, nodePools: readonly KObject[]): string[] {
  const problems: string[] = []
  if (kafka !== undefined && nodePools.length === 0) problems.push('a KRaft Kafka needs node pools')
  for (const pool of nodePools) {
    if (pool.metadata.labels?.['strimzi.io/cluster'] !== kafka?.metadata.name) problems.push(`${pool.metadata.name}: not labelled strimzi.io/cluster=${String(kafka?.metadata.name)}`)
    const volumes = (specOf(pool).storage as { volumes: Obj[] }).volumes
    if (volumes.filter((v) => v.kraftMetadata === 'shared').length > 1) problems.push(`${pool.metadata.name}: at most one volume may hold the KRaft metadata`)
  }
  const controllers = nodePools.filter((p) => (specOf(p).roles as string[]).includes('controller')).reduce((n, p) => n + (specOf(p).replicas as number), 0)
  if (kafka !== undefined && controllers === 0) problems.push('no controller nodes')
  if (controllers === 2) problems.push('a quorum of 2 controllers (Strimzi warns: both are needed)')
  return problems
}

/** Strimzi's CRD CEL rules and its reconcile-time checks, re-implemented for our output. */
export function strimziProblems(children: readonly KObject[]): string[] {
  const kafka = children.find((c) => c.kind === 'Kafka')
  return [...kafkaRules(kafka, children), ...poolRules(kafka, children.filter((c) => c.kind === 'KafkaNodePool'))]
}

/** Objects in a stable order (kind, then name), for comparing sets of children. */
export function sorted(objects: readonly KObject[]): KObject[] {
  return [...objects].sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`))
}
