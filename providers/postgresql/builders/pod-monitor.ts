/** PodMonitor for the instances or the poolers of a cluster, on CloudNativePG's `metrics` port. */
import type { KObject } from '../../shared/kube.js'
import { MONITORING_API } from '../child-types.js'

export interface PodMonitorInput {
  name: string
  namespace: string
  labels: Record<string, string>
  selector: Record<string, string>
}

export function buildPodMonitor(input: PodMonitorInput): KObject {
  return {
    apiVersion: MONITORING_API,
    kind: 'PodMonitor',
    metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
    spec: {
      selector: { matchLabels: input.selector },
      podMetricsEndpoints: [{ port: 'metrics' }],
    },
  }
}
