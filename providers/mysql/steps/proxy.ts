/**
 * Step 3, proxy: HAProxy (the default) or ProxySQL in front of the nodes,
 * never both (the operator refuses that). HAProxy sends writes to one node
 * (`<pxc>-haproxy`) and spreads reads (`<pxc>-haproxy-replicas`); ProxySQL
 * splits them itself and keeps its state on a small volume of its own. Fewer
 * than 2 proxies need `unsafeFlags.proxySize`.
 *
 * Without a proxy (proxy.enabled false, the API's default) the operator runs
 * the nodes alone: clients reach the headless `<pxc>-pxc` Service, where every
 * Galera node takes writes. The operator refuses its SmartUpdate strategy
 * (writer restarted last, by proxy) without a proxy, so the nodes then roll
 * as a plain StatefulSet rolling update (engine.ts). External exposure goes through the
 * proxy's Service only (refused without one in spec-checks.ts).
 */
import type { DatabaseClusterSpec } from '../../../api/database-cluster.js'
import type { Desired, Step } from '../pipeline.js'
import { type ProxyKind, proxyKind } from '../proxy-kind.js'
import { withSpec } from '../pipeline.js'
import { volumeSpec } from './engine.js'

export const PROXYSQL_VOLUME = '2Gi'

function loadBalancer(spec: DatabaseClusterSpec): Record<string, unknown> | undefined {
  if (spec.expose?.type !== 'external') return undefined
  const { sourceRanges, annotations } = spec.expose
  return {
    enabled: true,
    type: 'LoadBalancer',
    ...(sourceRanges === undefined ? {} : { loadBalancerSourceRanges: sourceRanges }),
    ...(annotations === undefined ? {} : { annotations }),
  }
}

function block(kind: ProxyKind, spec: DatabaseClusterSpec, image: string): Record<string, unknown> {
  const proxy = spec.proxy
  const lb = loadBalancer(spec)
  return {
    enabled: true,
    size: proxy?.replicas ?? 2,
    image,
    ...(proxy?.resources === undefined ? {} : { resources: proxy.resources }),
    ...(kind === 'proxysql' ? { volumeSpec: volumeSpec(PROXYSQL_VOLUME, spec.storageClass) } : {}),
    podDisruptionBudget: { maxUnavailable: 1 },
    ...(lb === undefined ? {} : kind === 'haproxy' ? { exposePrimary: lb } : { expose: lb }),
  }
}

export const proxy: Step = (desired, { cluster, resolved }): Desired => {
  const { spec } = cluster
  const kind = proxyKind(spec)
  const images = resolved.components
  return withSpec(desired, {
    ...(kind !== undefined && (spec.proxy?.replicas ?? 2) < 2 ? { unsafeFlags: { proxySize: true } } : {}),
    haproxy: kind === 'haproxy' ? block('haproxy', spec, images.haproxy) : { enabled: false },
    proxysql: kind === 'proxysql' ? block('proxysql', spec, images.proxysql) : { enabled: false },
  })
}
