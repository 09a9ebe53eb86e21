/** Every CRD this project defines, in one list. */
import { DatabaseBackupStorageClassSpec, DatabaseBackupStorageClassStatus } from './backup-storage-class.js'
import type { CrdDefinition } from './crd.js'
import { DatabaseBackupSpec, DatabaseBackupStatus } from './database-backup.js'
import { DatabaseClusterSpec, DatabaseClusterStatus } from './database-cluster.js'
import { OpsRequestSpec, OpsRequestStatus } from './ops-request.js'

export const DBAAS_GROUP = 'dbaas.io'
export const BACKUP_GROUP = 'backup.dbaas.io'
export const API_VERSION = `${DBAAS_GROUP}/v1alpha1`
export const BACKUP_API_VERSION = `${BACKUP_GROUP}/v1alpha1`

const readyColumn = { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' }
const reasonColumn = { name: 'Reason', type: 'string', priority: 1, jsonPath: '.status.conditions[?(@.type=="Ready")].reason' }
const ageColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }

export const databaseClusterCrd: CrdDefinition = {
  group: DBAAS_GROUP,
  kind: 'DatabaseCluster',
  plural: 'databaseclusters',
  singular: 'databasecluster',
  shortNames: ['dbc'],
  scope: 'Namespaced',
  spec: DatabaseClusterSpec,
  status: DatabaseClusterStatus,
  description: 'A database cluster (PostgreSQL, MongoDB, MySQL or Kafka) run by the engine\'s own operator (CloudNativePG, Percona, Strimzi).',
  rootValidations: [
    { rule: 'size(self.metadata.name) <= 45', message: 'name must be at most 45 characters: the engine operators derive longer names (pods, services, volumes) from it' },
    {
      rule: "self.spec.deletionPolicy != 'WipeOut' || !has(self.spec.backup) || !has(self.spec.dataSource) || !has(self.spec.dataSource.backupSource) || has(self.spec.dataSource.backupSource.namespace) || self.spec.dataSource.backupSource.storageClassName != self.spec.backup.storageClassName || self.spec.dataSource.backupSource.serverName != (has(self.spec.backup.serverName) ? self.spec.backup.serverName : self.metadata.name)",
      message: 'deletionPolicy WipeOut would delete the backups this cluster was restored from (dataSource.backupSource is its own backup folder): set backup.serverName to a new folder, or use deletionPolicy Delete',
      fieldPath: '.spec.deletionPolicy',
    },
  ],
  printerColumns: [
    { name: 'Engine', type: 'string', jsonPath: '.spec.engine' },
    { name: 'Version', type: 'string', jsonPath: '.status.version' },
    { name: 'Size', type: 'integer', jsonPath: '.spec.clusterSize' },
    { name: 'Ready', type: 'string', jsonPath: '.status.ready' },
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
    { name: 'Primary', type: 'string', priority: 1, jsonPath: '.status.primary' },
    reasonColumn,
    ageColumn,
  ],
}

export const backupStorageClassCrd: CrdDefinition = {
  group: BACKUP_GROUP,
  kind: 'DatabaseBackupStorageClass',
  plural: 'databasebackupstorageclasses',
  singular: 'databasebackupstorageclass',
  shortNames: ['dbsc'],
  scope: 'Cluster',
  spec: DatabaseBackupStorageClassSpec,
  status: DatabaseBackupStorageClassStatus,
  description: 'Where backups go: one or more S3, GCS or filesystem locations, with credentials by Secret reference.',
  printerColumns: [
    { name: 'Locations', type: 'string', jsonPath: '.spec.locations[*].name' },
    readyColumn,
    { name: 'Used-By', type: 'integer', jsonPath: '.status.usedBy' },
    ageColumn,
  ],
}

export const databaseBackupCrd: CrdDefinition = {
  group: BACKUP_GROUP,
  kind: 'DatabaseBackup',
  plural: 'databasebackups',
  singular: 'databasebackup',
  shortNames: ['dbb'],
  scope: 'Namespaced',
  spec: DatabaseBackupSpec,
  status: DatabaseBackupStatus,
  description: 'Scheduled logical backups of one database by a runner Deployment in its namespace, to every location of a DatabaseBackupStorageClass, with time-based and grandfather-father-son retention.',
  printerColumns: [
    { name: 'Engine', type: 'string', jsonPath: '.spec.engine' },
    { name: 'Schedule', type: 'string', jsonPath: '.spec.schedule' },
    { name: 'Last-Success', type: 'date', jsonPath: '.status.lastSuccessfulTime' },
    { name: 'Fresh', type: 'string', jsonPath: '.status.conditions[?(@.type=="BackupFresh")].status' },
    readyColumn,
    { name: 'Next', type: 'string', priority: 1, jsonPath: '.status.nextScheduledTime' },
    { name: 'Suspended', type: 'boolean', priority: 1, jsonPath: '.spec.suspend' },
    ageColumn,
  ],
}

export const opsRequestCrd: CrdDefinition = {
  group: DBAAS_GROUP,
  kind: 'OpsRequest',
  plural: 'opsrequests',
  singular: 'opsrequest',
  shortNames: ['dbops'],
  scope: 'Namespaced',
  spec: OpsRequestSpec,
  status: OpsRequestStatus,
  description: 'A day-2 operation on one DatabaseCluster (start, stop, restart, scaling, volume expansion, reconfiguration, upgrade, backup, restore, switchover, rebuilding an instance, custom), carried out through the engine\'s operator and tracked until it succeeds or fails.',
  printerColumns: [
    { name: 'Cluster', type: 'string', jsonPath: '.spec.clusterRef' },
    { name: 'Type', type: 'string', jsonPath: '.spec.type' },
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
    { name: 'Progress', type: 'string', jsonPath: '.status.progress' },
    { name: 'Blocked-By', type: 'string', priority: 1, jsonPath: '.status.blockedBy' },
    { name: 'Reason', type: 'string', priority: 1, jsonPath: '.status.conditions[?(@.type=="Completed")].reason' },
    ageColumn,
  ],
}

export const ALL_CRDS: CrdDefinition[] = [databaseClusterCrd, opsRequestCrd, backupStorageClassCrd, databaseBackupCrd]
