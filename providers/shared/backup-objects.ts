/** The engine operators' backup objects of one cluster, as plan targets (for `deletionPolicy: WipeOut`). */
import type { ObjectRef } from '../../api/ops-plan.js'
import type { KObject, ObjectMap } from './kube.js'
import { objectsOf } from './observed.js'

export interface BackupKind {
  apiVersion: string
  kind: string
  resource: string
}

export function backupObjects(related: ObjectMap, type: BackupKind, namespace: string, ofCluster: (o: KObject) => boolean): ObjectRef[] {
  return objectsOf(related, type.apiVersion, type.kind)
    .filter((o) => (o.metadata.namespace ?? '') === namespace && ofCluster(o))
    .map((o) => ({ apiVersion: type.apiVersion, kind: type.kind, resource: type.resource, name: o.metadata.name, namespace }))
    .sort((a, b) => a.name.localeCompare(b.name))
}
