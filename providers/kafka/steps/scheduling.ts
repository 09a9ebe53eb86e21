/**
 * Step 5, scheduling: each pool's pod template (affinity, tolerations, spread
 * constraints, priority), and rack awareness when the spread is over a real
 * failure domain (a `topologyKey` other than the host name): Strimzi then sets
 * each broker's `broker.rack` from its node's label, so the copies of a
 * partition land in different zones.
 */
import { DEFAULT_TOPOLOGY_KEY, podTemplate } from '../builders/pod-template.js'
import type { Desired, Step } from '../pipeline.js'
import { withKafka, withPools } from '../pipeline.js'

export const scheduling: Step = (desired, { cluster, resolved }): Desired => {
  const s = cluster.spec.scheduling
  const pooled = withPools(desired, (pool) => {
    const roles = resolved.pools.find((p) => p.name === pool.metadata.name)?.roles ?? []
    const pod = podTemplate(s, cluster.name, roles)
    return Object.keys(pod).length === 0 ? {} : { template: { pod } }
  })
  const key = s?.topologyKey ?? DEFAULT_TOPOLOGY_KEY
  return key === DEFAULT_TOPOLOGY_KEY ? pooled : withKafka(pooled, { kafka: { rack: { topologyKey: key } } })
}
