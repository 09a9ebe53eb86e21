/**
 * Step 4, monitoring: a PMM client next to every member, reporting to the PMM
 * server named in monitoring.pmm. Its token is read by the operator from the
 * cluster's users Secret (key PMM_SERVER_TOKEN), which the administrator
 * fills in; the hook never handles it.
 */
import { PMM_CLIENT_IMAGE } from '../images.js'
import type { Desired, Step } from '../pipeline.js'
import { withSpec } from '../pipeline.js'

export const monitoring: Step = (desired, { cluster }): Desired => {
  const m = cluster.spec.monitoring
  if (m?.enabled !== true || m.pmm === undefined) return desired
  return withSpec(desired, { pmm: { enabled: true, image: PMM_CLIENT_IMAGE, serverHost: m.pmm.serverHost } })
}
