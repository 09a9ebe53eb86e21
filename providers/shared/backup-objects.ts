/** The engine operators' backup objects of one cluster, as plan targets (for `deletionPolicy: WipeOut`). */
import type { ObjectRef } from '../../api/ops-plan.js'
import type { KObject, ObjectMap } from './kube.js'
import { objectsOf } from './observed.js'

export interface BackupKind {
  apiVersion: string
  kind: string
  resource: string
}

/** A backup object as seen: where it is, and its uid (so a newer object of the same name is never touched). */
export interface BackupObject {
  ref: ObjectRef
  uid: string | undefined
}

export function backupObjects(related: ObjectMap, type: BackupKind, namespace: string, ofCluster: (o: KObject) => boolean): BackupObject[] {
  return objectsOf(related, type.apiVersion, type.kind)
    .filter((o) => (o.metadata.namespace ?? '') === namespace && ofCluster(o))
    .map((o) => ({ ref: { apiVersion: type.apiVersion, kind: type.kind, resource: type.resource, name: o.metadata.name, namespace }, uid: o.metadata.uid }))
    .sort((a, b) => a.ref.name.localeCompare(b.ref.name))
}
