/** Step 4, monitoring: PodMonitors for the instances and, when there is one, the pooler. */
import { clusterLabels } from '../../shared/labels.js'
import { buildPodMonitor } from '../builders/pod-monitor.js'
import { pgNames } from '../names.js'
import type { Desired, Step } from '../pipeline.js'

export const monitoring: Step = (desired, { cluster }): Desired => {
  const { spec, name, namespace } = cluster
  if (spec.monitoring?.enabled !== true) return desired
  const labels = { ...clusterLabels(name, 'postgresql', 'monitoring'), ...(spec.monitoring.labels ?? {}) }
  const monitors = [buildPodMonitor({ name: pgNames.podMonitor(name), namespace, labels, selector: { 'cnpg.io/cluster': pgNames.cluster(name) } })]
  if (spec.proxy?.enabled === true) {
    monitors.push(buildPodMonitor({ name: pgNames.poolerPodMonitor(name), namespace, labels, selector: { 'cnpg.io/poolerName': pgNames.pooler(name) } }))
  }
  return { ...desired, extras: [...desired.extras, ...monitors] }
}
