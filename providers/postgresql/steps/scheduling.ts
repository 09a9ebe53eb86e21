/** Step 5, scheduling: anti-affinity, node selection, tolerations and spread constraints. */
import type { Desired, Step } from '../pipeline.js'
import { withSpec } from '../pipeline.js'

export const scheduling: Step = (desired, { cluster }): Desired => {
  const s = cluster.spec.scheduling
  const antiAffinity = s?.antiAffinity ?? 'preferred'
  const affinity: Record<string, unknown> = {
    enablePodAntiAffinity: antiAffinity !== 'none',
    ...(antiAffinity === 'none' ? {} : { podAntiAffinityType: antiAffinity, topologyKey: s?.topologyKey ?? 'kubernetes.io/hostname' }),
    ...(s?.nodeSelector === undefined ? {} : { nodeSelector: s.nodeSelector }),
    ...(s?.tolerations === undefined ? {} : { tolerations: s.tolerations }),
    ...(s?.affinity === undefined ? {} : { nodeAffinity: s.affinity }),
  }
  return withSpec(desired, {
    affinity,
    ...(s?.topologySpreadConstraints === undefined ? {} : { topologySpreadConstraints: s.topologySpreadConstraints }),
    ...(s?.priorityClassName === undefined ? {} : { priorityClassName: s.priorityClassName }),
  })
}
