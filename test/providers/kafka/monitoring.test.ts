import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { syncDatabaseCluster } from '../../../providers/database-cluster/sync.js'
import { JMX_EXPORTER_CONFIG } from '../../../providers/kafka/metrics-rules.js'
import { CTX, child, condition, databaseCluster, sync, syncRequest } from '../../support/clusters.js'
import { expectValidChild } from '../../support/upstream-schemas.js'
import { spec, strimziProblems } from './fixtures.js'

type Obj = Record<string, any>

describe('kafka: monitoring', () => {
  const res = sync(databaseCluster('logs', spec({ monitoring: { enabled: true, labels: { release: 'prometheus' } } })))

  it('JMX exporter metrics from a ConfigMap key (the valueFrom Strimzi\'s CEL rule demands), and the Kafka Exporter', () => {
    expect((child(res, 'Kafka').spec as Obj).kafka.metricsConfig).toEqual({ type: 'jmxPrometheusExporter', valueFrom: { configMapKeyRef: { name: 'logs-kafka-metrics', key: 'metrics-config.yml' } } })
    expect((child(res, 'Kafka').spec as Obj).kafkaExporter).toEqual({ topicRegex: '.*', groupRegex: '.*' })
    const configMap = child(res, 'ConfigMap', 'logs-kafka-metrics')
    expect(YAML.parse((configMap.data as Obj)['metrics-config.yml'])).toEqual(JMX_EXPORTER_CONFIG)
    expect(strimziProblems(res.children)).toEqual([])
  })

  it('a PodMonitor on port tcp-prometheus of every Strimzi pod of this Kafka, with the extra labels', () => {
    const monitor = child(res, 'PodMonitor', 'logs')
    expect(monitor.spec).toEqual({ selector: { matchLabels: { 'strimzi.io/cluster': 'logs', 'strimzi.io/kind': 'Kafka' } }, podMetricsEndpoints: [{ port: 'tcp-prometheus', path: '/metrics' }] })
    expect(monitor.metadata.labels).toMatchObject({ release: 'prometheus', 'dbaas.io/cluster': 'logs' })
    expect(res.status.monitoring).toEqual({ podMonitor: 'logs' })
  })

  it('every child validates', () => {
    for (const c of res.children) expectValidChild(c)
  })

  it('refused, with a reason, where the PodMonitor kind is not installed', () => {
    const r = syncDatabaseCluster(syncRequest(databaseCluster('logs', spec({ monitoring: { enabled: true } }))), { ...CTX, config: { ...CTX.config, podMonitors: false } })
    expect(r.children).toEqual([])
    expect(condition(r.status, 'Ready')).toMatchObject({ reason: 'MonitoringNotInstalled' })
  })
})

/** What the JMX exporter makes of one MBean attribute: the first rule whose pattern matches names it. */
function scrape(bean: string): { name: string; type: string; labels: Record<string, string> } | undefined {
  for (const rule of JMX_EXPORTER_CONFIG.rules) {
    const match = new RegExp(rule.pattern).exec(bean)
    if (match === null) continue
    const sub = (text: string) => text.replace(/\$(\d+)/g, (_m, n: string) => match[Number(n)] ?? '')
    const labels = Object.fromEntries(Object.entries((rule as { labels?: Record<string, string> }).labels ?? {}).map(([k, v]) => [sub(k).toLowerCase(), sub(v)]))
    return { name: sub(rule.name).toLowerCase().replace(/[^a-z0-9_:]/g, '_'), type: rule.type, labels }
  }
  return undefined
}

describe('kafka: JMX exporter rules', () => {
  it.each([
    ['a broker meter', 'kafka.server<type=BrokerTopicMetrics, name=MessagesInPerSec><>Count', { name: 'kafka_server_brokertopicmetrics_messagesin_total', type: 'COUNTER', labels: {} }],
    ['a meter per topic', 'kafka.server<type=BrokerTopicMetrics, name=BytesInPerSec, topic=orders><>Count', { name: 'kafka_server_brokertopicmetrics_bytesin_total', type: 'COUNTER', labels: { topic: 'orders' } }],
    ['under-replicated partitions', 'kafka.server<type=ReplicaManager, name=UnderReplicatedPartitions><>Value', { name: 'kafka_server_replicamanager_underreplicatedpartitions', type: 'GAUGE', labels: {} }],
    ['the active controller', 'kafka.controller<type=KafkaController, name=ActiveControllerCount><>Value', { name: 'kafka_controller_kafkacontroller_activecontrollercount', type: 'GAUGE', labels: {} }],
    ['log size per partition', 'kafka.log<type=Log, name=Size, topic=orders, partition=3><>Value', { name: 'kafka_log_log_size', type: 'GAUGE', labels: { topic: 'orders', partition: '3' } }],
    ['consumer lag with three tags', 'kafka.server<type=FetcherLagMetrics, name=ConsumerLag, clientId=r, topic=orders, partition=0><>Value', { name: 'kafka_server_fetcherlagmetrics_consumerlag', type: 'GAUGE', labels: { clientid: 'r', topic: 'orders', partition: '0' } }],
    ['request latency, a percentile', 'kafka.network<type=RequestMetrics, name=TotalTimeMs, request=Produce><>99thPercentile', { name: 'kafka_network_requestmetrics_totaltimems', type: 'GAUGE', labels: { request: 'Produce', quantile: '0.99' } }],
    ['request latency, the count', 'kafka.network<type=RequestMetrics, name=TotalTimeMs, request=Fetch><>Count', { name: 'kafka_network_requestmetrics_totaltimems_count', type: 'COUNTER', labels: { request: 'Fetch' } }],
    ['the KRaft quorum', 'kafka.server<type=raft-metrics><>current-leader', { name: 'kafka_server_raft_metrics_current_leader', type: 'GAUGE', labels: {} }],
  ])('%s', (_name, bean, expected) => {
    expect(scrape(bean)).toEqual(expected)
  })

  it('leaves beans it does not know alone', () => {
    expect(scrape('java.lang<type=Memory><HeapMemoryUsage>used')).toBeUndefined()
  })
})

describe('the re-implemented Strimzi checks reject what Strimzi rejects', () => {
  const good = sync(databaseCluster('logs', spec({ monitoring: { enabled: true }, scheduling: { topologyKey: 'topology.kubernetes.io/zone' } }))).children
  const edit = (kind: string, f: (spec: Obj) => Obj) => good.map((c) => (c.kind === kind ? { ...c, spec: f(structuredClone(c.spec) as Obj) } : c))

  it.each<[string, () => typeof good, string]>([
    ['jmxPrometheusExporter without valueFrom', () => edit('Kafka', (s) => ({ ...s, kafka: { ...s.kafka, metricsConfig: { type: 'jmxPrometheusExporter' } } })), 'metricsConfig: valueFrom property is required'],
    ['a metrics ConfigMap that is not emitted', () => good.filter((c) => c.kind !== 'ConfigMap'), 'metricsConfig: ConfigMap logs-kafka-metrics key metrics-config.yml is not emitted'],
    ['rack without a topology key', () => edit('Kafka', (s) => ({ ...s, kafka: { ...s.kafka, rack: { topologyKey: '' } } })), 'rack: topologyKey property is required'],
    ['a pool of another cluster', () => good.map((c) => (c.kind === 'KafkaNodePool' ? { ...c, metadata: { ...c.metadata, labels: { 'strimzi.io/cluster': 'other' } } } : c)), 'logs-dual: not labelled strimzi.io/cluster=logs'],
    ['a quorum of two', () => edit('KafkaNodePool', (s) => ({ ...s, replicas: 2 })), 'a quorum of 2 controllers (Strimzi warns: both are needed)'],
    ['no node pools', () => good.filter((c) => c.kind !== 'KafkaNodePool'), 'a KRaft Kafka needs node pools'],
  ])('%s', (_name, children, problem) => {
    expect(strimziProblems([])).toEqual([])
    expect(strimziProblems(good)).toEqual([])
    expect(strimziProblems(children())).toContain(problem)
  })
})
