/**
 * Step 1, metadata: the PerconaServerMongoDB's name, labels, annotations and
 * finalizers. The operator's finalizers make deletion follow the
 * deletionPolicy: pods always go in order; with `Delete` the volumes and the
 * users Secret follow, with `Retain` they stay for a cluster of the same name
 * to pick up (the backups in storage stay either way). The annotations record
 * the version we asked for (upgrade checks read it back) and, for a cluster
 * created from a data source, what it is restored from; that record is kept
 * for the cluster's life.
 */
import { type DeletionPolicy, deletesVolumes } from '../../../api/database-cluster.js'
import { clusterLabels } from '../../shared/labels.js'
import { PSMDB_API } from '../child-types.js'
import { mongoNames } from '../names.js'
import type { Desired, Step } from '../pipeline.js'
import { VERSION_ANNOTATION } from '../resolve-version.js'
import { RESTORE_ANNOTATION } from '../restore-state.js'

export function finalizers(policy: DeletionPolicy): string[] {
  return deletesVolumes(policy) ? ['percona.com/delete-psmdb-pods-in-order', 'percona.com/delete-psmdb-pvc'] : ['percona.com/delete-psmdb-pods-in-order']
}

export const metadata: Step = (desired, { cluster, resolved }): Desired => {
  const { annotation } = resolved.restore
  const annotations = { [VERSION_ANNOTATION]: resolved.version, ...(annotation === undefined ? {} : { [RESTORE_ANNOTATION]: annotation }) }
  return {
    ...desired,
    psmdb: {
      ...desired.psmdb,
      apiVersion: PSMDB_API,
      kind: 'PerconaServerMongoDB',
      metadata: { name: mongoNames.cluster(cluster.name), namespace: cluster.namespace, labels: clusterLabels(cluster.name, 'mongodb', 'database'), annotations, finalizers: finalizers(cluster.spec.deletionPolicy) },
    },
  }
}
