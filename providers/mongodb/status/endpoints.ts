/**
 * How clients connect. Inside the cluster: the rs0 Service (a replica set
 * client discovers the primary from it), or the mongos Service when sharded.
 * With external exposure, the addresses the operator reports in status.host
 * once the load balancers have them (one per member without mongos). The
 * credentials are the cluster's users Secret.
 */
import type { Endpoint } from '../../../api/database-cluster.js'
import { PORT, mongoNames } from '../names.js'

export interface EndpointFacts {
  cluster: string
  namespace: string
  observed: boolean
  sharded: boolean
  external: boolean
  /** status.host: comma-separated `host[:port]` addresses. */
  host: string | undefined
}

function address(text: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(text)
  const port = match === null ? PORT : Number(match[2])
  return { host: match?.[1] ?? text, port: port >= 1 && port <= 65535 ? port : PORT }
}

function externalEndpoints(f: EndpointFacts, secretName: string): Endpoint[] {
  if (!f.external || f.host === undefined) return []
  const addresses = f.host.split(',').map((a) => a.trim()).filter((a) => a !== '' && !a.includes('.svc'))
  return addresses.map((a, i) => ({ name: addresses.length === 1 ? 'external' : `external-${i}`, role: f.sharded ? 'pooler' : 'any', ...address(a), secretName }))
}

export function endpoints(f: EndpointFacts): Endpoint[] {
  if (!f.observed) return []
  const secretName = mongoNames.users(f.cluster)
  const internal: Endpoint = f.sharded
    ? { name: 'mongos', role: 'pooler', host: `${mongoNames.mongosService(f.cluster)}.${f.namespace}.svc`, port: PORT, secretName }
    : { name: 'rs0', role: 'primary', host: `${mongoNames.replsetService(f.cluster)}.${f.namespace}.svc`, port: PORT, secretName }
  return [internal, ...externalEndpoints(f, secretName)]
}
