/**
 * Names of the Kafka children and of what Strimzi derives from them
 * (child-operators.md §4e). The Kafka takes the DatabaseCluster's name, so
 * its Services (`<c>-kafka-bootstrap`) and Secrets (`<c>-cluster-ca-cert`)
 * read naturally.
 *
 * KafkaNodePools are namespaced objects of their own, so their names carry
 * the cluster name (two clusters in a namespace must not share a pool). Pods
 * are `<c>-<pool>-<nodeId>` and a pod's host name must fit 63 characters, so
 * a pool name is cut (with a hash, see childName) to leave room for the
 * cluster name and a node id of up to 3 digits.
 */
import { MAX_NAME, childName } from '../shared/names.js'

/** What a pool is for; also the last part of its name. */
export type PoolKind = 'dual' | 'controllers' | 'brokers'

const NODE_ID_DIGITS = 3

export const kafkaNames = {
  kafka: (c: string) => c,
  pool: (c: string, kind: PoolKind) => childName(c, kind, MAX_NAME - c.length - 2 - NODE_ID_DIGITS),
  pod: (c: string, pool: string, nodeId: number) => `${c}-${pool}-${String(nodeId)}`,
  podMonitor: (c: string) => c,
  metricsConfigMap: (c: string) => childName(c, 'kafka-metrics'),
  clusterCaCert: (c: string) => `${c}-cluster-ca-cert`,
}

export const POOL_KINDS: readonly PoolKind[] = ['dual', 'controllers', 'brokers']

/** Key of the JMX exporter configuration in the metrics ConfigMap. */
export const METRICS_CONFIG_KEY = 'metrics-config.yml'
