/**
 * Step 3, exposure (the proxy step of the other engines: Kafka has no proxy,
 * clients reach the brokers through listeners). See ../listeners.ts for the
 * listeners and their authentication. An external listener makes Strimzi
 * create LoadBalancer Services (one for bootstrap, one per broker); the
 * spec's annotations and source ranges go on all of them.
 */
import { listener, listenerPlans } from '../listeners.js'
import type { Desired, Step } from '../pipeline.js'
import { withKafka } from '../pipeline.js'

export const exposure: Step = (desired, { cluster }): Desired => {
  const { expose } = cluster.spec
  const listeners = listenerPlans(cluster.spec).map((plan) => listener(plan, expose?.sourceRanges))
  const annotations = expose?.type === 'external' ? expose.annotations : undefined
  const services = annotations === undefined ? {} : { template: { externalBootstrapService: { metadata: { annotations } }, perPodService: { metadata: { annotations } } } }
  return withKafka(desired, { kafka: { listeners, ...services } })
}
