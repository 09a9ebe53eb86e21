/** Kafka on Strimzi (KRaft). */
import type { EngineProvider } from '../database-cluster/engine-provider.js'
import { KAFKA_CHILD_TYPES } from './child-types.js'
import { desiredKafka, resolveKafka } from './desired.js'
import { statusKafka } from './status.js'

export const kafkaProvider: EngineProvider = {
  engine: 'kafka',
  childTypes: KAFKA_CHILD_TYPES,
  related: () => [],
  validate: (input) => resolveKafka(input).problems,
  desired: desiredKafka,
  status: statusKafka,
}
