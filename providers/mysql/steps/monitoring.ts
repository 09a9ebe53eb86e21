/**
 * Step 4, monitoring: a PMM client next to every node and proxy, reporting to
 * the PMM server named in the spec. The operator reads the server token from
 * the system users Secret (key `pmmservertoken`, PMM 3); no PodMonitor.
 */
import type { Desired, Step } from '../pipeline.js'
import { withSpec } from '../pipeline.js'

export const monitoring: Step = (desired, { cluster, resolved }): Desired => {
  const m = cluster.spec.monitoring
  if (m?.enabled !== true || m.pmm === undefined) return withSpec(desired, { pmm: { enabled: false } })
  return withSpec(desired, { pmm: { enabled: true, image: resolved.components.pmm, serverHost: m.pmm.serverHost } })
}
