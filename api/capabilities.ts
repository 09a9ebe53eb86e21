/**
 * What each engine supports, as data. One table drives the providers (which
 * refuse what an engine lacks), the CRD's CEL rules (so `kubectl apply` of an
 * unsupported combination is rejected with a message), `dbaas explain`, and
 * the capability matrix in the README.
 */
import type { Engine, ProxyType } from './database-cluster.js'

export const OPS_TYPES = [
  'Start',
  'Stop',
  'Restart',
  'HorizontalScaling',
  'VerticalScaling',
  'VolumeExpansion',
  'Reconfiguring',
  'Upgrade',
  'Backup',
  'Restore',
  'Switchover',
  'RebuildInstance',
  'Custom',
] as const
export type OpsType = (typeof OPS_TYPES)[number]

export interface EngineCapabilities {
  engine: Engine
  /** Operator and release the provider targets. */
  operator: string
  /** Allowed clusterSize values, as the operator accepts them. */
  sizes: readonly number[]
  /** Why sizes are restricted, for messages. */
  sizeRule: string
  proxies: readonly ProxyType[]
  backup: boolean
  /** How retention is expressed for engine-native backups. */
  retention: 'days' | 'copies' | 'none'
  pointInTimeRecovery: boolean
  restore: boolean
  stop: boolean
  switchover: boolean
  monitoring: string
  operations: readonly OpsType[]
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

export const CAPABILITIES: Record<Engine, EngineCapabilities> = {
  postgresql: {
    engine: 'postgresql',
    operator: 'CloudNativePG 1.30 + barman-cloud plugin 0.14',
    sizes: range(1, 9),
    sizeRule: '1 primary plus up to 8 streaming replicas',
    proxies: ['pgbouncer'],
    backup: true,
    retention: 'days',
    pointInTimeRecovery: true,
    restore: true,
    stop: true,
    switchover: true,
    monitoring: 'PodMonitor (metrics port 9187)',
    operations: OPS_TYPES,
  },
  mongodb: {
    engine: 'mongodb',
    operator: 'Percona Operator for MongoDB 1.22',
    sizes: [1, 3, 5, 7],
    sizeRule: 'a replica set needs an odd number of members (1 for development only)',
    proxies: ['mongos'],
    backup: true,
    retention: 'copies',
    pointInTimeRecovery: true,
    restore: true,
    stop: true,
    switchover: false,
    monitoring: 'PMM client sidecar',
    operations: ['Start', 'Stop', 'Restart', 'HorizontalScaling', 'VerticalScaling', 'VolumeExpansion', 'Reconfiguring', 'Upgrade', 'Backup', 'Restore', 'RebuildInstance', 'Custom'],
  },
  mysql: {
    engine: 'mysql',
    operator: 'Percona Operator for MySQL (XtraDB Cluster) 1.19',
    sizes: [1, 3, 5],
    sizeRule: 'Galera needs 3 or 5 nodes for quorum (1 for development only)',
    proxies: ['haproxy', 'proxysql'],
    backup: true,
    retention: 'copies',
    pointInTimeRecovery: true,
    restore: true,
    stop: true,
    switchover: false,
    monitoring: 'PMM client sidecar',
    operations: ['Start', 'Stop', 'Restart', 'HorizontalScaling', 'VerticalScaling', 'VolumeExpansion', 'Reconfiguring', 'Upgrade', 'Backup', 'Restore', 'RebuildInstance', 'Custom'],
  },
  kafka: {
    engine: 'kafka',
    operator: 'Strimzi 1.2 (KRaft)',
    sizes: range(1, 9),
    sizeRule: '1 to 9 brokers',
    proxies: [],
    backup: false,
    retention: 'none',
    pointInTimeRecovery: false,
    restore: false,
    stop: false,
    switchover: false,
    monitoring: 'PodMonitor (JMX Prometheus exporter)',
    operations: ['Restart', 'HorizontalScaling', 'VerticalScaling', 'VolumeExpansion', 'Reconfiguring', 'Upgrade', 'RebuildInstance', 'Custom'],
  },
}

export function capabilitiesOf(engine: Engine): EngineCapabilities {
  return CAPABILITIES[engine]
}
