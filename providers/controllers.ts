/**
 * Every Metacontroller controller this project runs, with its pure hooks. The
 * HTTP shell makes one route per controller and hook from this list.
 */
import { customizeBackupStorageClass, syncBackupStorageClass } from './backup-storage-class/sync.js'
import { BACKUP_CHILD_TYPES } from './database-backup/child-types.js'
import { OPS_CHILD_TYPES } from './ops-request/child-types.js'
import { customizeOpsRequest, syncOpsRequest } from './ops-request/sync.js'
import { customizeDatabaseBackup } from './database-backup/customize.js'
import { syncDatabaseBackup } from './database-backup/sync.js'
import { customizeDatabaseCluster } from './database-cluster/customize.js'
import { LOGICAL_BACKUP_TYPE } from './database-cluster/logical-backup.js'
import { RETAIN_TYPES } from './database-cluster/retain-volumes.js'
import { allProviders } from './database-cluster/registry.js'
import { syncDatabaseCluster } from './database-cluster/sync.js'
import type { Engine } from '../api/database-cluster.js'
import type { ReconcileContext } from './shared/context.js'
import type { ChildType, CompositeSyncRequest, CompositeSyncResponse, CustomizeRequest, CustomizeResponse, DecoratorSyncRequest, DecoratorSyncResponse } from './shared/kube.js'
import { syncBackupAnnotations } from './backup-annotations/sync.js'
import { A } from './backup-annotations/annotations.js'

export interface CompositeControllerDef {
  /** Path segment and CompositeController name suffix. */
  name: string
  type: 'composite'
  parent: { apiVersion: string; resource: string; kind: string }
  childTypes: () => ChildType[]
  sync: (req: CompositeSyncRequest, ctx: ReconcileContext) => CompositeSyncResponse
  customize?: (req: CustomizeRequest, ctx: ReconcileContext) => CustomizeResponse
}

export interface DecoratorControllerDef {
  name: string
  type: 'decorator'
  /** The kinds it decorates (those of an engine's operator are added by that engine's component), and the annotation that selects an object. */
  resources: { apiVersion: string; resource: string; kind: string; engine?: Engine }[]
  annotationSelector: string
  attachmentTypes: () => ChildType[]
  sync: (req: DecoratorSyncRequest, ctx: ReconcileContext) => DecoratorSyncResponse
}

export type ControllerDef = CompositeControllerDef

function uniqueTypes(types: ChildType[]): ChildType[] {
  const seen = new Map<string, ChildType>()
  for (const t of types) seen.set(`${t.apiVersion}/${t.kind}`, t)
  return [...seen.values()]
}

export const CONTROLLERS: readonly ControllerDef[] = [
  {
    name: 'databasecluster',
    type: 'composite',
    parent: { apiVersion: 'dbaas.io/v1alpha1', resource: 'databaseclusters', kind: 'DatabaseCluster' },
    childTypes: () => uniqueTypes([...allProviders().flatMap((p) => [...p.childTypes]), LOGICAL_BACKUP_TYPE, ...RETAIN_TYPES]),
    sync: syncDatabaseCluster,
    customize: customizeDatabaseCluster,
  },
  {
    name: 'opsrequest',
    type: 'composite',
    parent: { apiVersion: 'dbaas.io/v1alpha1', resource: 'opsrequests', kind: 'OpsRequest' },
    childTypes: () => [...OPS_CHILD_TYPES],
    sync: syncOpsRequest,
    customize: customizeOpsRequest,
  },
  {
    name: 'databasebackup',
    type: 'composite',
    parent: { apiVersion: 'backup.dbaas.io/v1alpha1', resource: 'databasebackups', kind: 'DatabaseBackup' },
    childTypes: () => [...BACKUP_CHILD_TYPES],
    sync: syncDatabaseBackup,
    customize: customizeDatabaseBackup,
  },
  {
    name: 'backupstorageclass',
    type: 'composite',
    parent: { apiVersion: 'backup.dbaas.io/v1alpha1', resource: 'databasebackupstorageclasses', kind: 'DatabaseBackupStorageClass' },
    childTypes: () => [],
    sync: syncBackupStorageClass,
    customize: customizeBackupStorageClass,
  },
]

/** DecoratorControllers: they attach to objects we do not own. */
export const DECORATORS: readonly DecoratorControllerDef[] = [
  {
    name: 'backupannotations',
    type: 'decorator',
    resources: [
      { apiVersion: 'postgresql.cnpg.io/v1', resource: 'clusters', kind: 'Cluster', engine: 'postgresql' },
      { apiVersion: 'pxc.percona.com/v1', resource: 'perconaxtradbclusters', kind: 'PerconaXtraDBCluster', engine: 'mysql' },
      { apiVersion: 'psmdb.percona.com/v1', resource: 'perconaservermongodbs', kind: 'PerconaServerMongoDB', engine: 'mongodb' },
      { apiVersion: 'apps/v1', resource: 'statefulsets', kind: 'StatefulSet' },
    ],
    annotationSelector: A.storageClass,
    attachmentTypes: () => [{ apiVersion: 'backup.dbaas.io/v1alpha1', kind: 'DatabaseBackup', resource: 'databasebackups', stateful: false, teardown: 1 }],
    sync: syncBackupAnnotations,
  },
]

export function findController(name: string): ControllerDef | undefined {
  return CONTROLLERS.find((c) => c.name === name)
}
