/**
 * Where CloudNativePG's barman-cloud plugin keeps this cluster's backups
 * (`<destinationPath>/<serverName>/`: base backups and WAL), and the
 * CloudNativePG Backup objects of the cluster, which outlive it
 * (`backupOwnerReference: none`).
 */
import type { EngineBackupStore } from '../database-cluster/engine-provider.js'
import { backupObjects } from '../shared/backup-objects.js'
import { objectsOf, stringField } from '../shared/observed.js'
import { CNPG_API } from './child-types.js'
import { barmanCanUse } from './location.js'
import { pgNames } from './names.js'

const BACKUP = { apiVersion: CNPG_API, kind: 'Backup', resource: 'backups' }

/**
 * CloudNativePG deletes a Cluster's pods in the background once the Cluster
 * is gone, and a stopping instance archives its last WAL. Its PVCs (labelled
 * `cnpg.io/cluster`) are deleted with the Cluster but stay, protected, until
 * no pod uses them: none observed means nothing is left to write.
 */
const INSTANCE_LABEL = 'cnpg.io/cluster'

export const postgresBackupStore: EngineBackupStore = {
  what: 'postgresql base backups and WAL (barman-cloud)',
  usable: barmanCanUse,
  related: (cluster) => [{ apiVersion: CNPG_API, resource: BACKUP.resource, namespace: cluster.namespace, labelSelector: {} }],
  objects: (cluster, related) => backupObjects(related, BACKUP, cluster.namespace, (o) => stringField(o, 'spec', 'cluster', 'name') === pgNames.cluster(cluster.name)),
  writers: {
    related: (cluster) => [{ apiVersion: 'v1', resource: 'persistentvolumeclaims', namespace: cluster.namespace, labelSelector: { matchLabels: { [INSTANCE_LABEL]: pgNames.cluster(cluster.name) } } }],
    observed: (cluster, related) =>
      objectsOf(related, 'v1', 'PersistentVolumeClaim')
        .filter((o) => o.metadata.namespace === cluster.namespace && o.metadata.labels?.[INSTANCE_LABEL] === pgNames.cluster(cluster.name))
        .map((o) => `PersistentVolumeClaim ${o.metadata.name}`)
        .sort(),
  },
}
