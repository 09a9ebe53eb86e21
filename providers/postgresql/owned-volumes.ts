/**
 * The PVCs CloudNativePG owns for a cluster, as its Cluster status lists them
 * (data and WAL volumes of every instance, whatever their state). CNPG makes
 * its Cluster their owner, so they go with it unless released first.
 */
import type { ObjectMap } from '../shared/kube.js'
import { findObject, field } from '../shared/observed.js'
import { CLUSTER_TYPE } from './child-types.js'
import { pgNames } from './names.js'

const PVC_LISTS = ['healthyPVC', 'initializingPVC', 'resizingPVC', 'danglingPVC', 'unusablePVC'] as const

export function ownedVolumes(children: ObjectMap, cluster: { name: string; namespace: string }): string[] {
  const observed = findObject(children, CLUSTER_TYPE.apiVersion, CLUSTER_TYPE.kind, pgNames.cluster(cluster.name), cluster.namespace)
  const names = PVC_LISTS.flatMap((list) => {
    const value = field(observed, 'status', list)
    return Array.isArray(value) ? value.filter((n): n is string => typeof n === 'string' && n !== '') : []
  })
  return [...new Set(names)].sort()
}
