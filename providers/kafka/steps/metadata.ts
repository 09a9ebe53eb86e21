/** Step 1, metadata: the Kafka's name and labels. */
import { clusterLabels } from '../../shared/labels.js'
import { STRIMZI_API } from '../child-types.js'
import { kafkaNames } from '../names.js'
import type { Desired, Step } from '../pipeline.js'

export const metadata: Step = (desired, { cluster }): Desired => ({
  ...desired,
  kafka: {
    ...desired.kafka,
    apiVersion: STRIMZI_API,
    kind: 'Kafka',
    metadata: { name: kafkaNames.kafka(cluster.name), namespace: cluster.namespace, labels: clusterLabels(cluster.name, 'kafka', 'cluster') },
  },
})
