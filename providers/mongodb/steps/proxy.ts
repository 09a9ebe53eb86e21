/**
 * Step 3, proxy: mongos. MongoDB has no pooler; mongos routes queries of a
 * sharded cluster, so asking for it turns sharding on: rs0 becomes the one
 * shard, next to a config server replica set (3 members, 1 for a one-member
 * cluster; volumes of the cluster's StorageClass, at most 5Gi, never larger
 * than the data volumes; the data members' resources) and `proxy.replicas`
 * mongos routers. External exposure goes through mongos when there is one,
 * else through a LoadBalancer per replica set member.
 */
import { compareQuantities } from '../../../api/quantity.js'
import type { DatabaseClusterSpec, ExposeSpec } from '../../../api/database-cluster.js'
import { volumeSpec } from '../builders/volume.js'
import { mongoConf } from '../mongod-conf.js'
import type { Desired, Step } from '../pipeline.js'
import { withReplset, withSpec } from '../pipeline.js'

const CONFIG_SERVER_STORAGE = '5Gi'

function service(expose: ExposeSpec | undefined, type: 'LoadBalancer' | 'ClusterIP'): Record<string, unknown> {
  if (type === 'ClusterIP' || expose === undefined) return { type }
  return {
    type,
    ...(expose.sourceRanges === undefined ? {} : { loadBalancerSourceRanges: expose.sourceRanges }),
    ...(expose.annotations === undefined ? {} : { annotations: expose.annotations }),
  }
}

function configServers(spec: DatabaseClusterSpec): Record<string, unknown> {
  const size = (compareQuantities(spec.storage, CONFIG_SERVER_STORAGE) ?? 1) < 0 ? spec.storage : CONFIG_SERVER_STORAGE
  return {
    size: spec.clusterSize === 1 ? 1 : 3,
    volumeSpec: volumeSpec(spec, size),
    ...(spec.resources === undefined ? {} : { resources: spec.resources }),
    podDisruptionBudget: { maxUnavailable: 1 },
  }
}

export const proxy: Step = (desired, { cluster }): Desired => {
  const { spec } = cluster
  const external = spec.expose?.type === 'external'
  const p = spec.proxy
  if (p?.enabled !== true) return external ? withReplset(desired, { expose: { enabled: true, ...service(spec.expose, 'LoadBalancer') } }) : desired
  const configuration = mongoConf(p.config)
  const mongos = {
    size: p.replicas,
    ...(configuration === undefined ? {} : { configuration }),
    ...(p.resources === undefined ? {} : { resources: p.resources }),
    expose: service(spec.expose, external ? 'LoadBalancer' : 'ClusterIP'),
    podDisruptionBudget: { maxUnavailable: 1 },
  }
  return withSpec(desired, { sharding: { enabled: true, configsvrReplSet: configServers(spec), mongos } })
}
