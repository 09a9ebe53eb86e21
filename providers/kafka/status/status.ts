/**
 * Kafka status from the observed Kafka and KafkaNodePools only: Ready when
 * Strimzi's Ready condition describes the Kafka's current generation and
 * every pool has caught up with its spec; the bootstrap endpoints; each node
 * and its role; the running Kafka version; the cluster id and metadata
 * version in the engine message. Kafka has no backups (BackupHealthy stays
 * False: nothing protects the data but replication).
 */
import type { EngineObjectStatus } from '../../../api/database-cluster.js'
import type { ClusterInput, EngineStatus } from '../../database-cluster/engine-provider.js'
import { kafkaNames } from '../names.js'
import { observedKafka, observedPools } from '../observed.js'
import { endpoints } from './endpoints.js'
import { type KafkaState, kafkaState } from './kafka-state.js'
import { type NodeFacts, nodeFacts } from './nodes.js'
import { readiness } from './phase.js'

function engineObject(name: string, state: KafkaState): EngineObjectStatus {
  const parts = [
    state.condition === 'NotReady' ? [state.reason, state.message].filter((t) => t !== undefined).join(': ') : undefined,
    state.clusterId === undefined ? undefined : `clusterId ${state.clusterId}`,
    state.metadataVersion === undefined ? undefined : `metadata version ${state.metadataVersion}`,
    ...state.warnings.map((w) => `Warning ${w}`),
  ].filter((p): p is string => p !== undefined && p !== '')
  return { kind: 'Kafka', name, ...(state.condition === undefined ? {} : { phase: state.condition }), ...(parts.length === 0 ? {} : { message: parts.join('; ') }) }
}

export function statusKafka(input: ClusterInput): EngineStatus {
  const { name, spec } = input.cluster
  const kafka = observedKafka(input)
  const state = kafka === undefined ? undefined : kafkaState(kafka)
  const nodes = nodeFacts(kafkaNames.kafka(name), observedPools(input).map((p) => p.pool), state?.poolNames ?? [])
  const r = readiness(state, nodes, spec.clusterSize)
  const result: EngineStatus = {
    phase: r.phase,
    ready: r.ready,
    readyReason: r.reason,
    readyMessage: r.message,
    progressing: !['Ready', 'Failed', 'Pending'].includes(r.phase),
    endpoints: kafka === undefined ? [] : endpoints(kafkaNames.kafka(name), kafka),
    backup: { configured: false },
  }
  addNodes(result, nodes, r.ready)
  if (state?.kafkaVersion !== undefined) result.version = state.kafkaVersion
  if (kafka !== undefined && state !== undefined) result.engine = engineObject(kafka.metadata.name, state)
  if (spec.monitoring?.enabled === true) result.podMonitor = kafkaNames.podMonitor(name)
  return result
}

/** Instances are brokers (clusterSize counts brokers); instanceRoles lists controllers too. */
function addNodes(result: EngineStatus, nodes: NodeFacts, ready: boolean): void {
  if (nodes.nodes.length === 0) return
  result.instances = nodes.brokers
  result.instanceRoles = nodes.nodes.map((n) => ({ name: n.name, role: n.role, state: ready ? 'healthy' : 'unknown' }))
  if (ready) result.readyInstances = nodes.brokers
}
