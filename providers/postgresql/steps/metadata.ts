/**
 * Step 1, metadata: the Cluster's name, labels and annotations. `stopped`
 * becomes CloudNativePG's declarative hibernation annotation (pods deleted,
 * volumes kept); removing it wakes the cluster up.
 */
import { clusterLabels } from '../../shared/labels.js'
import { CNPG_API } from '../child-types.js'
import { pgNames } from '../names.js'
import type { Desired, Step } from '../pipeline.js'

export const HIBERNATION = 'cnpg.io/hibernation'

export const metadata: Step = (desired, { cluster }): Desired => ({
  ...desired,
  cluster: {
    ...desired.cluster,
    apiVersion: CNPG_API,
    kind: 'Cluster',
    metadata: {
      name: pgNames.cluster(cluster.name),
      namespace: cluster.namespace,
      labels: clusterLabels(cluster.name, 'postgresql', 'database'),
      ...(cluster.spec.stopped ? { annotations: { [HIBERNATION]: 'on' } } : {}),
    },
  },
})
