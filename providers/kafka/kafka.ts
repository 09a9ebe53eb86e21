/**
 * The Kafka resource (KRaft only, Strimzi 1.2): version, listeners with
 * SCRAM authentication and simple authorization, broker config with
 * replication defaults derived from the size (overridable by `config`), the
 * entity operator for KafkaTopic/KafkaUser, metrics, and a PDB.
 */
import type { ClusterObject } from '../database-cluster/engine-provider.js'
import type { KObject } from '../shared/kube.js'
import { clusterLabels } from '../shared/labels.js'
import { mergePatch } from '../shared/merge-patch.js'
import { STRIMZI_API } from './child-types.js'

function replicationDefaults(size: number): Record<string, string | number> {
  const rf = Math.min(3, size)
  const isr = rf >= 3 ? 2 : 1
  return { 'offsets.topic.replication.factor': rf, 'transaction.state.log.replication.factor': rf, 'transaction.state.log.min.isr': isr, 'default.replication.factor': rf, 'min.insync.replicas': isr }
}

function listeners(c: ClusterObject): Record<string, unknown>[] {
  const scram = { type: 'scram-sha-512' }
  const list: Record<string, unknown>[] = [
    { name: 'plain', port: 9092, type: 'internal', tls: false, authentication: scram },
    { name: 'tls', port: 9093, type: 'internal', tls: true, authentication: scram },
  ]
  if (c.spec.expose?.type === 'external') {
    const ranges = c.spec.expose.sourceRanges
    list.push({ name: 'external', port: 9094, type: 'loadbalancer', tls: true, authentication: scram, ...(ranges === undefined ? {} : { configuration: { loadBalancerSourceRanges: ranges } }) })
  }
  return list
}

export const METRICS_ALLOW = ['kafka_server.*', 'kafka_controller.*', 'kafka_network.*', 'kafka_log.*', 'kafka_cluster.*']

export function buildKafka(c: ClusterObject, version: string): KObject {
  const config: Record<string, unknown> = { ...replicationDefaults(c.spec.clusterSize) }
  for (const p of c.spec.config ?? []) config[p.name] = p.value
  const metrics = c.spec.monitoring?.enabled === true ? { metricsConfig: { type: 'strimziMetricsReporter', values: { allowList: METRICS_ALLOW } } } : {}
  const body: Record<string, unknown> = {
    kafka: {
      version,
      listeners: listeners(c),
      authorization: { type: 'simple' },
      config,
      ...metrics,
      template: { podDisruptionBudget: { maxUnavailable: 1 } },
    },
    entityOperator: { topicOperator: {}, userOperator: {} },
  }
  return {
    apiVersion: STRIMZI_API,
    kind: 'Kafka',
    metadata: { name: c.name, namespace: c.namespace, labels: clusterLabels(c.name, 'kafka', 'cluster') },
    spec: c.spec.engineOverrides === undefined ? body : (mergePatch(body, c.spec.engineOverrides)),
  }
}
