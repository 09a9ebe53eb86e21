/**
 * The configuration the operator ships with. The hook server may override it
 * from a file; tests and the offline CLI use it as is.
 */
import type { OperatorConfig } from './context.js'

export const DEFAULT_CONFIG: OperatorConfig = {
  images: {
    postgresql: {
      '18': 'ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie',
      '17': 'ghcr.io/cloudnative-pg/postgresql:17.10-system-trixie',
      '16': 'ghcr.io/cloudnative-pg/postgresql:16.14-system-trixie',
      '15': 'ghcr.io/cloudnative-pg/postgresql:15.18-system-trixie',
    },
    mongodb: {
      '8.0': 'percona/percona-server-mongodb:8.0.19-7',
      '7.0': 'percona/percona-server-mongodb:7.0.30-16',
      '6.0': 'percona/percona-server-mongodb:6.0.27-21',
    },
    mysql: {
      '8.4': 'percona/percona-xtradb-cluster:8.4.7-7.1',
      '8.0': 'percona/percona-xtradb-cluster:8.0.44-35.1',
    },
    kafka: {
      '4.3.1': 'quay.io/strimzi/kafka:1.2.0-kafka-4.3.1',
      '4.2.1': 'quay.io/strimzi/kafka:1.2.0-kafka-4.2.1',
    },
  },
  engines: ['postgresql', 'mongodb', 'mysql', 'kafka'],
  podMonitors: true,
  clusterDomain: 'cluster.local',
  runnerImage: 'ghcr.io/dbaas-operator/dbaas-operator:0.1.0',
}

/** A fixed clock for tests, golden files and offline rendering. */
export const EPOCH = '2026-01-01T00:00:00Z'
