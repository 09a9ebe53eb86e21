/**
 * Where Percona XtraBackup and the binlog collector keep this cluster's
 * backups (`<bucket>/<prefix>/<namespace>/<serverName>/`), and the
 * PerconaXtraDBClusterBackup objects of the cluster. Those may carry
 * `percona.com/delete-backup`, whose cleanup needs the cluster and its
 * credentials; the wipe removes the finalizer and empties the folder itself.
 */
import type { EngineBackupStore } from '../database-cluster/engine-provider.js'
import { backupObjects } from '../shared/backup-objects.js'
import { stringField } from '../shared/observed.js'
import { PXC_API, PXC_BACKUP_KIND, PXC_BACKUP_RESOURCE } from './child-types.js'
import { mysqlNames } from './names.js'
import { pxcCanUse } from './storage.js'

const BACKUP = { apiVersion: PXC_API, kind: PXC_BACKUP_KIND, resource: PXC_BACKUP_RESOURCE }

export const mysqlBackupStore: EngineBackupStore = {
  what: 'mysql backups and binlogs (Percona XtraBackup)',
  usable: pxcCanUse,
  related: (cluster) => [{ apiVersion: PXC_API, resource: PXC_BACKUP_RESOURCE, namespace: cluster.namespace, labelSelector: {} }],
  objects: (cluster, related) => backupObjects(related, BACKUP, cluster.namespace, (o) => stringField(o, 'spec', 'pxcCluster') === mysqlNames.pxc(cluster.name)),
}
