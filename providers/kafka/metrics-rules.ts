/**
 * Rules of the Prometheus JMX exporter that Strimzi runs in every Kafka node
 * (metricsConfig type `jmxPrometheusExporter`, port `tcp-prometheus` 9404).
 * A rule's pattern is matched, unanchored, against
 * `domain<key=value, ...><>attribute`; the first rule that matches names
 * the sample. The exporter adds the JVM's own metrics (jvm_*) by itself.
 *
 * Kafka's Yammer metrics (`kafka.<area>:type=…,name=…[,tag=…]`) come in three
 * shapes, mapped the same way for every area:
 * - meters (`…PerSec`, attribute Count) → counters `kafka_<area>_<type>_<name>_total`;
 * - gauges (attribute Value) → gauges `kafka_<area>_<type>_<name>`;
 * - timers and histograms (Count, Nth percentiles) → a `_count` counter and a
 *   gauge per percentile with a `quantile` label (99thPercentile → 0.99).
 * Each shape is matched with three, two, one or no tags (topic, partition, request,
 * listener, …), which become labels. The KRaft metrics of the controller
 * quorum and the broker's metadata loading (Kafka metrics, one attribute per
 * value) become gauges `kafka_server_<group>_<attribute>`.
 */
import { stringify } from 'yaml'

interface Rule {
  pattern: string
  name: string
  type: 'COUNTER' | 'GAUGE'
  labels?: Record<string, string>
}

const AREA = 'kafka.(\\w+)<type=([^,>]+), name=([^,>]+?)'
const TAG = ', ([^,=]+)=([^,>]+)'
/** Three, two, one or no tags; tag n is groups 2n+2 (key) and 2n+3 (value), after area, type and name. */
const TAGS: readonly { pattern: string; labels: Record<string, string> }[] = [3, 2, 1, 0].map((n) => ({
  pattern: TAG.repeat(n),
  labels: Object.fromEntries(Array.from({ length: n }, (_, i) => [`$${String(2 * i + 4)}`, `$${String(2 * i + 5)}`])),
}))

function withTags(shape: (tags: string, labels: Record<string, string>) => Rule): Rule[] {
  return TAGS.map((t) => shape(t.pattern, t.labels))
}

const withLabels = (rule: Rule, labels: Record<string, string>): Rule => (Object.keys(labels).length === 0 ? rule : { ...rule, labels })

const meters = withTags((tags, labels) => withLabels({ pattern: `${AREA}PerSec\\w*${tags}><>Count`, name: 'kafka_$1_$2_$3_total', type: 'COUNTER' }, labels))
const gauges = withTags((tags, labels) => withLabels({ pattern: `${AREA}${tags}><>Value`, name: 'kafka_$1_$2_$3', type: 'GAUGE' }, labels))
const counts = withTags((tags, labels) => withLabels({ pattern: `${AREA}${tags}><>Count`, name: 'kafka_$1_$2_$3_count', type: 'COUNTER' }, labels))
const percentiles = TAGS.map((t) => {
  const next = Object.keys(t.labels).length * 2 + 4
  return { pattern: `${AREA}${t.pattern}><>(\\d+)thPercentile`, name: 'kafka_$1_$2_$3', type: 'GAUGE' as const, labels: { ...t.labels, quantile: `0.$${String(next)}` } }
})

const KRAFT: Rule[] = [{ pattern: 'kafka.server<type=(raft-metrics|raft-channel-metrics|broker-metadata-metrics)><>([a-z-]+)', name: 'kafka_server_$1_$2', type: 'GAUGE' }]

export const JMX_EXPORTER_CONFIG = {
  lowercaseOutputName: true,
  lowercaseOutputLabelNames: true,
  rules: [...meters, ...gauges, ...counts, ...percentiles, ...KRAFT],
}

/** The exporter configuration as the YAML document Strimzi mounts. */
export function jmxExporterYaml(): string {
  return stringify(JMX_EXPORTER_CONFIG, { lineWidth: 0, aliasDuplicateObjects: false })
}
