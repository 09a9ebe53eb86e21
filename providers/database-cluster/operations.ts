/** The cluster's operation queue, shown in its status: unfinished OpsRequests and failed ones that block. */
import { API_VERSION } from '../../api/crds.js'
import type { KObject, ObjectMap, RelatedResourceRule } from '../shared/kube.js'
import { objectsOf, stringField } from '../shared/observed.js'
import type { ClusterObject } from './engine-provider.js'

export function operationRules(cluster: ClusterObject): RelatedResourceRule[] {
  return [{ apiVersion: API_VERSION, resource: 'opsrequests', namespace: cluster.namespace, labelSelector: {} }]
}

function order(a: KObject, b: KObject): number {
  const ta = typeof a.metadata.creationTimestamp === 'string' ? a.metadata.creationTimestamp : ''
  const tb = typeof b.metadata.creationTimestamp === 'string' ? b.metadata.creationTimestamp : ''
  return ta !== tb ? (ta < tb ? -1 : 1) : a.metadata.name.localeCompare(b.metadata.name)
}

export function operationQueue(cluster: ClusterObject, related: ObjectMap): { name: string; type: string; phase: string }[] {
  return objectsOf(related, API_VERSION, 'OpsRequest')
    .filter((o) => stringField(o, 'spec', 'clusterRef') === cluster.name)
    .map((o) => ({ o, phase: stringField(o, 'status', 'phase') ?? 'Pending' }))
    .filter(({ phase }) => ['Pending', 'Running', 'Failed', 'Aborted'].includes(phase))
    .sort((a, b) => order(a.o, b.o))
    .map(({ o, phase }) => ({ name: o.metadata.name, type: stringField(o, 'spec', 'type') ?? 'Unknown', phase }))
}
