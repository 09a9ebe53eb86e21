/** The PostgreSQL children Metacontroller observed. */
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import type { KObject } from '../shared/kube.js'
import { findObject } from '../shared/observed.js'
import { CLUSTER_TYPE, OBJECT_STORE_TYPE, POOLER_TYPE } from './child-types.js'
import { pgNames } from './names.js'

export function observedCluster(input: ClusterInput): KObject | undefined {
  const { name, namespace } = input.cluster
  return findObject(input.children, CLUSTER_TYPE.apiVersion, CLUSTER_TYPE.kind, pgNames.cluster(name), namespace)
}

export function observedPooler(input: ClusterInput): KObject | undefined {
  const { name, namespace } = input.cluster
  return findObject(input.children, POOLER_TYPE.apiVersion, POOLER_TYPE.kind, pgNames.pooler(name), namespace)
}

export function observedObjectStore(input: ClusterInput, name: string): KObject | undefined {
  return findObject(input.children, OBJECT_STORE_TYPE.apiVersion, OBJECT_STORE_TYPE.kind, name, input.cluster.namespace)
}
