/** A Service in front of the runner's metrics port, for Prometheus. */
import type { KObject } from '../../shared/kube.js'
import { METRICS_PORT } from './deployment.js'

export function buildMetricsService(name: string, namespace: string, labels: Record<string, string>, selector: Record<string, string>): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels },
    spec: { type: 'ClusterIP', selector, ports: [{ name: 'metrics', port: METRICS_PORT, targetPort: 'metrics', protocol: 'TCP' }] },
  }
}
