/**
 * Step 5, scheduling, for each component that runs (nodes, and HAProxy or
 * ProxySQL): anti-affinity, node selection, tolerations, spread constraints
 * and priority. The operator's shorthand `antiAffinityTopologyKey` is a
 * *required* anti-affinity over one of a few well-known keys (statefulset.go,
 * PodAffinity; other keys are silently reset to the hostname), so it is used
 * for `required` on those keys and for `none`; `preferred`, other keys and a
 * node affinity are spelled out in `affinity.advanced`, which replaces the
 * shorthand.
 */
import type { SchedulingSpec } from '../../../api/database-cluster.js'
import { mysqlNames } from '../names.js'
import type { Desired, Step } from '../pipeline.js'
import { withSpec } from '../pipeline.js'
import { proxyKind } from '../proxy-kind.js'

const OPERATOR_KEYS = new Set(['kubernetes.io/hostname', 'topology.kubernetes.io/zone', 'topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/region'])

/** The labels the operator puts on a component's pods (pkg/naming/labels.go). */
export function componentSelector(pxc: string, component: string): Record<string, string> {
  return { 'app.kubernetes.io/name': 'percona-xtradb-cluster', 'app.kubernetes.io/instance': pxc, 'app.kubernetes.io/component': component }
}

function antiAffinityTerms(anti: SchedulingSpec['antiAffinity'], term: Record<string, unknown>): Record<string, unknown> | undefined {
  if (anti === 'none') return undefined
  if (anti === 'required') return { requiredDuringSchedulingIgnoredDuringExecution: [term] }
  return { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] }
}

/** The operator's shorthand for this anti-affinity, when it says exactly that. */
function shorthand(anti: SchedulingSpec['antiAffinity'], key: string): string | undefined {
  if (anti === 'none') return 'none'
  return anti === 'required' && OPERATOR_KEYS.has(key) ? key : undefined
}

export function affinity(s: SchedulingSpec | undefined, selector: Record<string, string>): Record<string, unknown> {
  const anti = s?.antiAffinity ?? 'preferred'
  const key = s?.topologyKey ?? 'kubernetes.io/hostname'
  const nodeAffinity = s?.affinity
  const short = shorthand(anti, key)
  if (nodeAffinity === undefined && short !== undefined) return { antiAffinityTopologyKey: short }
  const podAntiAffinity = antiAffinityTerms(anti, { labelSelector: { matchLabels: selector }, topologyKey: key })
  return { advanced: { ...(podAntiAffinity === undefined ? {} : { podAntiAffinity }), ...(nodeAffinity === undefined ? {} : { nodeAffinity }) } }
}

function placement(s: SchedulingSpec | undefined, selector: Record<string, string>): Record<string, unknown> {
  return {
    affinity: affinity(s, selector),
    ...(s?.nodeSelector === undefined ? {} : { nodeSelector: s.nodeSelector }),
    ...(s?.tolerations === undefined ? {} : { tolerations: s.tolerations }),
    ...(s?.topologySpreadConstraints === undefined ? {} : { topologySpreadConstraints: s.topologySpreadConstraints }),
    ...(s?.priorityClassName === undefined ? {} : { priorityClassName: s.priorityClassName }),
  }
}

export const scheduling: Step = (desired, { cluster }): Desired => {
  const s = cluster.spec.scheduling
  const pxc = mysqlNames.pxc(cluster.name)
  const kind = proxyKind(cluster.spec)
  return withSpec(desired, {
    pxc: placement(s, componentSelector(pxc, 'pxc')),
    ...(kind === undefined ? {} : { [kind]: placement(s, componentSelector(pxc, kind)) }),
  })
}
