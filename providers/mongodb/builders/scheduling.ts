/**
 * Scheduling of one component's pods (rs0, config servers, mongos). The
 * operator's `antiAffinityTopologyKey` is a *required* anti-affinity on the
 * component's pods (or none with `none`), and `advanced` replaces it with a
 * whole core/v1 Affinity. So `required` maps to the topology key, `none` to
 * `none`, and a preferred spread or any node affinity to `advanced`, with the
 * same selector the operator would use. Spread constraints without a selector
 * get the component's pods from the operator.
 */
import type { SchedulingSpec } from '../../../api/database-cluster.js'
import { type Component, podSelector } from '../names.js'

type Obj = Record<string, unknown>

function podAntiAffinity(mode: 'preferred' | 'required', term: Obj): Obj {
  return mode === 'required'
    ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
    : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] }
}

function affinity(cluster: string, component: Component, s: SchedulingSpec | undefined): Obj {
  const mode = s?.antiAffinity ?? 'preferred'
  const topologyKey = s?.topologyKey ?? 'kubernetes.io/hostname'
  if (s?.affinity === undefined && mode !== 'preferred') return { antiAffinityTopologyKey: mode === 'none' ? 'none' : topologyKey }
  const term = { labelSelector: { matchLabels: podSelector(cluster, component) }, topologyKey }
  return {
    advanced: {
      ...(s?.affinity === undefined ? {} : { nodeAffinity: s.affinity }),
      ...(mode === 'none' ? {} : { podAntiAffinity: podAntiAffinity(mode, term) }),
    },
  }
}

export function componentScheduling(cluster: string, component: Component, s: SchedulingSpec | undefined): Obj {
  return {
    affinity: affinity(cluster, component, s),
    ...(s?.nodeSelector === undefined ? {} : { nodeSelector: s.nodeSelector }),
    ...(s?.tolerations === undefined ? {} : { tolerations: s.tolerations }),
    ...(s?.topologySpreadConstraints === undefined ? {} : { topologySpreadConstraints: s.topologySpreadConstraints }),
    ...(s?.priorityClassName === undefined ? {} : { priorityClassName: s.priorityClassName }),
  }
}
