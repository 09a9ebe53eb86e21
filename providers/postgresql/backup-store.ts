/**
 * Where CloudNativePG's barman-cloud plugin keeps this cluster's backups
 * (`<destinationPath>/<serverName>/`: base backups and WAL), and the
 * CloudNativePG Backup objects of the cluster, which outlive it
 * (`backupOwnerReference: none`).
 */
import type { EngineBackupStore } from '../database-cluster/engine-provider.js'
import { backupObjects } from '../shared/backup-objects.js'
import { stringField } from '../shared/observed.js'
import { CNPG_API } from './child-types.js'
import { barmanCanUse } from './location.js'
import { pgNames } from './names.js'

const BACKUP = { apiVersion: CNPG_API, kind: 'Backup', resource: 'backups' }

export const postgresBackupStore: EngineBackupStore = {
  what: 'postgresql base backups and WAL (barman-cloud)',
  usable: barmanCanUse,
  related: (cluster) => [{ apiVersion: CNPG_API, resource: BACKUP.resource, namespace: cluster.namespace, labelSelector: {} }],
  objects: (cluster, related) => backupObjects(related, BACKUP, cluster.namespace, (o) => stringField(o, 'spec', 'cluster', 'name') === pgNames.cluster(cluster.name)),
}
