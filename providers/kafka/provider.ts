/** Kafka on Strimzi 1.2 (KRaft only, kafka.strimzi.io/v1). */
import type { EngineProvider } from '../database-cluster/engine-provider.js'
import { KAFKA_CHILD_TYPES } from './child-types.js'
import { desiredKafka } from './desired.js'
import { resolveKafka } from './resolve.js'
import { statusKafka } from './status/status.js'

export const kafkaProvider: EngineProvider = {
  engine: 'kafka',
  childTypes: KAFKA_CHILD_TYPES,
  /** Nothing to look up: no backup storage, no data source. */
  related: () => [],
  validate: (input) => resolveKafka(input).problems,
  desired: desiredKafka,
  status: statusKafka,
}
