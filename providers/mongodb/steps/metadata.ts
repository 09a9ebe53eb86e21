/**
 * Step 1, metadata: the PerconaServerMongoDB's name, labels, annotations and
 * finalizers. The operator's finalizers make deletion follow
 * `deletionPolicy: Delete`: pods go in order, then the volumes and the
 * cluster's own Secrets (the backups in storage stay). The annotations record
 * the version we asked for (upgrade checks read it back) and, for a cluster
 * created from a data source, what it is restored from; that record is kept
 * for the cluster's life.
 */
import { clusterLabels } from '../../shared/labels.js'
import { PSMDB_API } from '../child-types.js'
import { mongoNames } from '../names.js'
import type { Desired, Step } from '../pipeline.js'
import { VERSION_ANNOTATION } from '../resolve-version.js'
import { RESTORE_ANNOTATION } from '../restore-state.js'

export const FINALIZERS = ['percona.com/delete-psmdb-pods-in-order', 'percona.com/delete-psmdb-pvc']

export const metadata: Step = (desired, { cluster, resolved }): Desired => {
  const { annotation } = resolved.restore
  const annotations = { [VERSION_ANNOTATION]: resolved.version, ...(annotation === undefined ? {} : { [RESTORE_ANNOTATION]: annotation }) }
  return {
    ...desired,
    psmdb: {
      ...desired.psmdb,
      apiVersion: PSMDB_API,
      kind: 'PerconaServerMongoDB',
      metadata: { name: mongoNames.cluster(cluster.name), namespace: cluster.namespace, labels: clusterLabels(cluster.name, 'mongodb', 'database'), annotations, finalizers: FINALIZERS },
    },
  }
}
