/** How clients connect, from the objects that exist: the Cluster's Services and the Pooler's. */
import type { Endpoint } from '../../../api/database-cluster.js'
import { pgNames } from '../names.js'

const PORT = 5432

export interface EndpointFacts {
  cluster: string
  namespace: string
  clusterObserved: boolean
  poolerObserved: boolean
  external: boolean
}

export function endpoints(f: EndpointFacts): Endpoint[] {
  const host = (service: string) => `${service}.${f.namespace}.svc`
  const secretName = pgNames.appSecret(f.cluster)
  const result: Endpoint[] = []
  if (f.clusterObserved) {
    result.push(
      { name: 'rw', role: 'primary', host: host(pgNames.service(f.cluster, 'rw')), port: PORT, secretName },
      { name: 'ro', role: 'replica', host: host(pgNames.service(f.cluster, 'ro')), port: PORT, secretName },
      { name: 'r', role: 'any', host: host(pgNames.service(f.cluster, 'r')), port: PORT, secretName },
    )
  }
  if (f.poolerObserved) result.push({ name: 'pooler', role: 'pooler', host: host(pgNames.pooler(f.cluster)), port: PORT, secretName })
  if (f.clusterObserved && f.external && !f.poolerObserved) {
    result.push({ name: 'external', role: 'primary', host: host(pgNames.externalService(f.cluster)), port: PORT, secretName })
  }
  return result
}
