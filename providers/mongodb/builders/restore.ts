/** PerconaServerMongoDBRestore: an in-place restore of the cluster, named after it. */
import type { KObject } from '../../shared/kube.js'
import { clusterLabels } from '../../shared/labels.js'
import { PSMDB_API } from '../child-types.js'
import { mongoNames } from '../names.js'

export function buildRestore(cluster: string, namespace: string, spec: Record<string, unknown>): KObject {
  return {
    apiVersion: PSMDB_API,
    kind: 'PerconaServerMongoDBRestore',
    metadata: { name: mongoNames.restore(cluster), namespace, labels: clusterLabels(cluster, 'mongodb', 'restore') },
    spec,
  }
}
