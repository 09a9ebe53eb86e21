/**
 * Monitoring objects: the ConfigMap with the JMX exporter rules that
 * `metricsConfig.valueFrom.configMapKeyRef` points at (Strimzi's CRD requires
 * the reference for type `jmxPrometheusExporter`), and a PodMonitor that
 * scrapes port `tcp-prometheus` of every pod Strimzi runs for this Kafka
 * with that port: the nodes of every pool and the Kafka Exporter.
 */
import type { KObject } from '../../shared/kube.js'
import { MONITORING_API } from '../child-types.js'
import { jmxExporterYaml } from '../metrics-rules.js'
import { METRICS_CONFIG_KEY } from '../names.js'
import { STRIMZI_CLUSTER_LABEL } from './node-pool.js'

export const METRICS_PORT = 'tcp-prometheus'

interface Meta {
  name: string
  namespace: string
  labels: Record<string, string>
}

export function buildMetricsConfigMap(meta: Meta): KObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { ...meta }, data: { [METRICS_CONFIG_KEY]: jmxExporterYaml() } }
}

export function buildPodMonitor(meta: Meta, cluster: string): KObject {
  return {
    apiVersion: MONITORING_API,
    kind: 'PodMonitor',
    metadata: { ...meta },
    spec: {
      selector: { matchLabels: { [STRIMZI_CLUSTER_LABEL]: cluster, 'strimzi.io/kind': 'Kafka' } },
      podMetricsEndpoints: [{ port: METRICS_PORT, path: '/metrics' }],
    },
  }
}
