/** Which proxy runs in front of the nodes: HAProxy by default when a proxy is asked for, ProxySQL on request, or none. */
import type { DatabaseClusterSpec } from '../../api/database-cluster.js'

export type ProxyKind = 'haproxy' | 'proxysql'

export function proxyKind(spec: DatabaseClusterSpec): ProxyKind | undefined {
  if (spec.proxy?.enabled !== true) return undefined
  return spec.proxy.type === 'proxysql' ? 'proxysql' : 'haproxy'
}
