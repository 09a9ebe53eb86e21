/**
 * Broker configuration: replication defaults derived from the size, the
 * user's `config` on top, and the checks Strimzi would otherwise make
 * silently. Strimzi 1.2.0 ignores (with only a log line) every option it
 * manages itself (KafkaClusterSpec.FORBIDDEN_PREFIXES, matched in lower case,
 * minus the exact keys of FORBIDDEN_PREFIX_EXCEPTIONS and the per-listener
 * options of each listener), so such keys are refused up front with a
 * message naming them.
 */
import type { ConfigParameter } from '../../api/database-cluster.js'

const FORBIDDEN_PREFIXES = [
  'listeners', 'advertised.', 'broker.', 'listener.', 'host.name', 'port', 'inter.broker.listener.name', 'sasl.', 'ssl.', 'security.',
  'password.', 'log.dir', 'zookeeper.connect', 'zookeeper.set.acl', 'zookeeper.ssl', 'zookeeper.clientCnxnSocket', 'authorizer.', 'super.user',
  'cruise.control.metrics.topic', 'cruise.control.metrics.reporter.bootstrap.servers', 'node.id', 'process.roles', 'controller.', 'metadata.log.dir',
  'zookeeper.metadata.migration.enable', 'client.quota.callback.static.kafka.admin.', 'client.quota.callback.static.produce',
  'client.quota.callback.static.fetch', 'client.quota.callback.static.storage.per.volume.limit.min.available.',
  'client.quota.callback.static.excluded.principal.name.list', 'prometheus.metrics.reporter.', 'cordoned.log.dirs',
].map((p) => p.toLowerCase())

const EXCEPTIONS = new Set([
  'zookeeper.connection.timeout.ms', 'sasl.server.max.receive.size', 'ssl.cipher.suites', 'ssl.protocol', 'ssl.enabled.protocols',
  'ssl.secure.random.implementation', 'cruise.control.metrics.topic.num.partitions', 'cruise.control.metrics.topic.replication.factor',
  'cruise.control.metrics.topic.retention.ms', 'cruise.control.metrics.topic.auto.create.retries', 'cruise.control.metrics.topic.auto.create.timeout.ms',
  'cruise.control.metrics.topic.min.insync.replicas', 'broker.session.timeout.ms', 'broker.heartbeat.interval.ms', 'controller.socket.timeout.ms',
  'controller.quorum.election.backoff.max.ms', 'controller.quorum.election.timeout.ms', 'controller.quorum.fetch.timeout.ms',
])

const PER_LISTENER = ['connections.max.reauth.ms', 'max.connections', 'max.connection.creation.rate']

/** The config keys Strimzi would drop, given the listeners (`name` and `port` each). */
export function strimziOwnedKeys(config: readonly ConfigParameter[], listeners: readonly { name: string; port: number }[]): string[] {
  const perListener = new Set(listeners.flatMap((l) => PER_LISTENER.map((option) => `listener.name.${l.name}-${String(l.port)}.${option}`)))
  return config
    .map((p) => p.name)
    .filter((key) => FORBIDDEN_PREFIXES.some((prefix) => key.toLowerCase().startsWith(prefix)) && !EXCEPTIONS.has(key) && !perListener.has(key))
}

/** Replication settings that suit `brokers` brokers: 3 copies and 2 in sync once there are 3 brokers. */
export function replicationDefaults(brokers: number): Record<string, number> {
  const factor = Math.min(3, brokers)
  const inSync = factor >= 3 ? 2 : 1
  return {
    'default.replication.factor': factor,
    'min.insync.replicas': inSync,
    'offsets.topic.replication.factor': factor,
    'transaction.state.log.replication.factor': factor,
    'transaction.state.log.min.isr': inSync,
  }
}

/** The broker config: the defaults, then the user's parameters (strings, as given). */
export function brokerConfig(brokers: number, config: readonly ConfigParameter[]): Record<string, string | number> {
  const result: Record<string, string | number> = { ...replicationDefaults(brokers) }
  for (const p of config) result[p.name] = p.value
  return result
}

const FACTORS = ['default.replication.factor', 'offsets.topic.replication.factor', 'transaction.state.log.replication.factor'] as const
const IN_SYNC: readonly (readonly [string, string])[] = [
  ['min.insync.replicas', 'default.replication.factor'],
  ['transaction.state.log.min.isr', 'transaction.state.log.replication.factor'],
]

function whole(value: string | number | undefined): number | undefined {
  const n = typeof value === 'number' ? value : Number(value)
  return Number.isInteger(n) ? n : undefined
}

/**
 * Replication settings Kafka cannot honour: more copies than brokers (topic
 * creation fails), or more in-sync replicas than copies (every write fails).
 */
export function replicationProblems(config: Record<string, string | number>, brokers: number): string[] {
  const problems: string[] = []
  for (const key of FACTORS) {
    const factor = whole(config[key])
    if (factor !== undefined && factor > brokers) problems.push(`${key} ${String(factor)} needs more than the ${String(brokers)} broker(s)`)
  }
  for (const [isrKey, factorKey] of IN_SYNC) {
    const isr = whole(config[isrKey])
    const factor = whole(config[factorKey])
    if (isr !== undefined && factor !== undefined && isr > factor) problems.push(`${isrKey} ${String(isr)} is more than ${factorKey} ${String(factor)}: no write could succeed`)
  }
  return problems
}
