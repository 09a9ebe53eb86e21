/**
 * Where PBM keeps this cluster's backups and oplog chunks
 * (`<prefix>/<namespace>/<serverName>/`), and the PerconaServerMongoDBBackup
 * objects of the cluster. Those may carry `percona.com/delete-backup`, whose
 * cleanup needs the running cluster; the wipe removes the finalizer and
 * empties the folder itself.
 */
import type { EngineBackupStore } from '../database-cluster/engine-provider.js'
import { backupObjects } from '../shared/backup-objects.js'
import { stringField } from '../shared/observed.js'
import { BACKUP_KIND, BACKUP_RESOURCE, PSMDB_API } from './child-types.js'
import { mongoNames } from './names.js'

const BACKUP = { apiVersion: PSMDB_API, kind: BACKUP_KIND, resource: BACKUP_RESOURCE }

export const mongodbBackupStore: EngineBackupStore = {
  what: 'mongodb backups and oplog (PBM)',
  usable: (l) => l.s3 !== undefined || l.gcs !== undefined,
  related: (cluster) => [{ apiVersion: PSMDB_API, resource: BACKUP_RESOURCE, namespace: cluster.namespace, labelSelector: {} }],
  objects: (cluster, related) => backupObjects(related, BACKUP, cluster.namespace, (o) => stringField(o, 'spec', 'clusterName') === mongoNames.cluster(cluster.name)),
}
