/**
 * Step 4, monitoring: JMX metrics from every node (rules in a ConfigMap), the
 * Kafka Exporter for consumer lag and partition offsets, and a PodMonitor
 * that scrapes both.
 */
import { clusterLabels } from '../../shared/labels.js'
import { buildMetricsConfigMap, buildPodMonitor } from '../builders/monitoring.js'
import { METRICS_CONFIG_KEY, kafkaNames } from '../names.js'
import type { Desired, Step } from '../pipeline.js'
import { withKafka } from '../pipeline.js'

export const monitoring: Step = (desired, { cluster }): Desired => {
  const { spec, name, namespace } = cluster
  if (spec.monitoring?.enabled !== true) return desired
  const configMap = buildMetricsConfigMap({ name: kafkaNames.metricsConfigMap(name), namespace, labels: clusterLabels(name, 'kafka', 'metrics') })
  const labels = { ...clusterLabels(name, 'kafka', 'monitoring'), ...(spec.monitoring.labels ?? {}) }
  const podMonitor = buildPodMonitor({ name: kafkaNames.podMonitor(name), namespace, labels }, kafkaNames.kafka(name))
  const next = withKafka(desired, {
    kafka: { metricsConfig: { type: 'jmxPrometheusExporter', valueFrom: { configMapKeyRef: { name: configMap.metadata.name, key: METRICS_CONFIG_KEY } } } },
    kafkaExporter: { topicRegex: '.*', groupRegex: '.*' },
  })
  return { ...next, extras: [...next.extras, configMap, podMonitor] }
}
