/**
 * Where a pool's pods run (KafkaNodePool.spec.template.pod). Strimzi's pod
 * template has no nodeSelector, so node labels become a required node
 * affinity term, added to every term of the user's own node affinity (terms
 * are alternatives; expressions in a term must all hold). Anti-affinity
 * spreads the nodes of one role over `topologyKey`: brokers apart from
 * brokers, controllers apart from controllers (Strimzi labels each pod with
 * `strimzi.io/broker-role` and `strimzi.io/controller-role`).
 */
import type { SchedulingSpec } from '../../../api/database-cluster.js'
import type { NodeRole } from '../layout.js'
import { STRIMZI_CLUSTER_LABEL } from './node-pool.js'

type Obj = Record<string, unknown>

export const DEFAULT_TOPOLOGY_KEY = 'kubernetes.io/hostname'

function roleLabel(roles: readonly NodeRole[]): string {
  return roles.includes('broker') ? 'strimzi.io/broker-role' : 'strimzi.io/controller-role'
}

function podAntiAffinity(s: SchedulingSpec | undefined, cluster: string, roles: readonly NodeRole[]): Obj | undefined {
  const mode = s?.antiAffinity ?? 'preferred'
  if (mode === 'none') return undefined
  const term = { labelSelector: { matchLabels: { [STRIMZI_CLUSTER_LABEL]: cluster, [roleLabel(roles)]: 'true' } }, topologyKey: s?.topologyKey ?? DEFAULT_TOPOLOGY_KEY }
  return mode === 'required'
    ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
    : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] }
}

function asObjects(value: unknown): Obj[] {
  return Array.isArray(value) ? value.filter((v): v is Obj => typeof v === 'object' && v !== null) : []
}

/** The user's node affinity with the node selector folded into its required terms. */
export function nodeAffinity(affinity: Obj | undefined, nodeSelector: Record<string, string> | undefined): Obj | undefined {
  const selector = Object.keys(nodeSelector ?? {}).sort().map((key) => ({ key, operator: 'In', values: [nodeSelector?.[key] ?? ''] }))
  if (selector.length === 0) return affinity
  const required = affinity?.requiredDuringSchedulingIgnoredDuringExecution as Obj | undefined
  const terms = asObjects(required?.nodeSelectorTerms)
  const merged = (terms.length === 0 ? [{}] : terms).map((t) => ({ ...t, matchExpressions: [...asObjects(t.matchExpressions), ...selector] }))
  return { ...(affinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: { ...(required ?? {}), nodeSelectorTerms: merged } }
}

export function podTemplate(s: SchedulingSpec | undefined, cluster: string, roles: readonly NodeRole[]): Obj {
  const anti = podAntiAffinity(s, cluster, roles)
  const node = nodeAffinity(s?.affinity, s?.nodeSelector)
  const affinity = { ...(node === undefined ? {} : { nodeAffinity: node }), ...(anti === undefined ? {} : { podAntiAffinity: anti }) }
  return {
    ...(Object.keys(affinity).length === 0 ? {} : { affinity }),
    ...(s?.tolerations === undefined ? {} : { tolerations: s.tolerations }),
    ...(s?.topologySpreadConstraints === undefined ? {} : { topologySpreadConstraints: s.topologySpreadConstraints }),
    ...(s?.priorityClassName === undefined ? {} : { priorityClassName: s.priorityClassName }),
  }
}
