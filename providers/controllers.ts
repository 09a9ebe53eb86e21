/**
 * Every Metacontroller controller this project runs, with its pure hooks. The
 * HTTP shell makes one route per controller and hook from this list.
 */
import { BACKUP_CHILD_TYPES } from './database-backup/child-types.js'
import { customizeDatabaseBackup } from './database-backup/customize.js'
import { syncDatabaseBackup } from './database-backup/sync.js'
import { customizeDatabaseCluster } from './database-cluster/customize.js'
import { allProviders } from './database-cluster/registry.js'
import { syncDatabaseCluster } from './database-cluster/sync.js'
import type { ReconcileContext } from './shared/context.js'
import type { ChildType, CompositeSyncRequest, CompositeSyncResponse, CustomizeRequest, CustomizeResponse } from './shared/kube.js'

export interface CompositeControllerDef {
  /** Path segment and CompositeController name suffix. */
  name: string
  type: 'composite'
  parent: { apiVersion: string; resource: string; kind: string }
  childTypes: () => ChildType[]
  sync: (req: CompositeSyncRequest, ctx: ReconcileContext) => CompositeSyncResponse
  customize?: (req: CustomizeRequest, ctx: ReconcileContext) => CustomizeResponse
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
    childTypes: () => uniqueTypes(allProviders().flatMap((p) => [...p.childTypes])),
    sync: syncDatabaseCluster,
    customize: customizeDatabaseCluster,
  },
  {
    name: 'databasebackup',
    type: 'composite',
    parent: { apiVersion: 'backup.dbaas.io/v1alpha1', resource: 'databasebackups', kind: 'DatabaseBackup' },
    childTypes: () => [...BACKUP_CHILD_TYPES],
    sync: syncDatabaseBackup,
    customize: customizeDatabaseBackup,
  },
]

export function findController(name: string): ControllerDef | undefined {
  return CONTROLLERS.find((c) => c.name === name)
}
