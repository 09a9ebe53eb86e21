/**
 * How clients connect, from the objects that exist. The operator's own
 * `status.host` is `<pxc>-haproxy.<ns>` (or `-proxysql`, or `-pxc` without a
 * proxy), or the load balancer's address when the proxy is exposed; all on
 * port 3306, user `root` with the password under key `root` of the system
 * users Secret. HAProxy's readers listen on 3306 of `<pxc>-haproxy-replicas`
 * (its container port 3307; service.go at v1.19.0).
 */
import type { Endpoint } from '../../../api/database-cluster.js'
import { mysqlNames } from '../names.js'
import type { ProxyKind } from '../proxy-kind.js'

export const PORT = 3306

export interface EndpointFacts {
  cluster: string
  namespace: string
  observed: boolean
  proxy: ProxyKind | undefined
  external: boolean
  /** `status.host` as the operator reports it. */
  host: string | undefined
}

export function endpoints(f: EndpointFacts): Endpoint[] {
  if (!f.observed) return []
  const pxc = mysqlNames.pxc(f.cluster)
  const secretName = mysqlNames.secrets(f.cluster)
  const at = (service: string) => `${service}.${f.namespace}`
  const result: Endpoint[] =
    f.proxy === 'haproxy'
      ? [
          { name: 'rw', role: 'primary', host: at(mysqlNames.haproxy(pxc)), port: PORT, secretName },
          { name: 'ro', role: 'replica', host: at(mysqlNames.haproxyReplicas(pxc)), port: PORT, secretName },
        ]
      : f.proxy === 'proxysql'
        ? [{ name: 'rw', role: 'primary', host: at(mysqlNames.proxysql(pxc)), port: PORT, secretName }]
        : // Every Galera node takes writes: the nodes' Service reaches a primary.
          [{ name: 'nodes', role: 'primary', host: at(mysqlNames.nodes(pxc)), port: PORT, secretName }]
  const internal = result[0]?.host
  if (f.external && f.host !== undefined && f.host !== '' && f.host !== internal) {
    result.push({ name: 'external', role: 'primary', host: f.host, port: PORT, secretName })
  }
  return result
}
