/** The objects the PostgreSQL provider emits. */
import type { ChildType } from '../shared/kube.js'

export const CNPG_API = 'postgresql.cnpg.io/v1'
export const BARMAN_API = 'barmancloud.cnpg.io/v1'
export const MONITORING_API = 'monitoring.coreos.com/v1'
export const BARMAN_PLUGIN = 'barman-cloud.cloudnative-pg.io'

export const CLUSTER_TYPE: ChildType = { apiVersion: CNPG_API, kind: 'Cluster', resource: 'clusters', stateful: true, teardown: 2 }
export const POOLER_TYPE: ChildType = { apiVersion: CNPG_API, kind: 'Pooler', resource: 'poolers', stateful: false, teardown: 1 }
export const SCHEDULED_BACKUP_TYPE: ChildType = { apiVersion: CNPG_API, kind: 'ScheduledBackup', resource: 'scheduledbackups', stateful: false, teardown: 1 }
export const OBJECT_STORE_TYPE: ChildType = { apiVersion: BARMAN_API, kind: 'ObjectStore', resource: 'objectstores', stateful: false, teardown: 3 }
export const POD_MONITOR_TYPE: ChildType = { apiVersion: MONITORING_API, kind: 'PodMonitor', resource: 'podmonitors', stateful: false, teardown: 1 }
export const SECRET_TYPE: ChildType = { apiVersion: 'v1', kind: 'Secret', resource: 'secrets', stateful: false, teardown: 3 }

export const POSTGRESQL_CHILD_TYPES: readonly ChildType[] = [CLUSTER_TYPE, POOLER_TYPE, SCHEDULED_BACKUP_TYPE, OBJECT_STORE_TYPE, POD_MONITOR_TYPE, SECRET_TYPE]
