/** The MongoDB children Metacontroller observed, and the operator's backup objects among the related ones. */
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import type { KObject } from '../shared/kube.js'
import { findObject, numberField, objectsOf, stringField } from '../shared/observed.js'
import { BACKUP_KIND, PSMDB_API, PSMDB_TYPE, RESTORE_TYPE, SECRET_TYPE } from './child-types.js'
import { mongoNames } from './names.js'

export function observedPsmdb(input: ClusterInput): KObject | undefined {
  const { name, namespace } = input.cluster
  return findObject(input.children, PSMDB_TYPE.apiVersion, PSMDB_TYPE.kind, mongoNames.cluster(name), namespace)
}

export function observedRestore(input: ClusterInput): KObject | undefined {
  const { name, namespace } = input.cluster
  return findObject(input.children, RESTORE_TYPE.apiVersion, RESTORE_TYPE.kind, mongoNames.restore(name), namespace)
}

export function observedSecret(input: ClusterInput, name: string): KObject | undefined {
  return findObject(input.children, SECRET_TYPE.apiVersion, SECRET_TYPE.kind, name, input.cluster.namespace)
}

/** Every PerconaServerMongoDBBackup of the namespace the customize hook fetched. */
export function relatedBackups(input: ClusterInput): KObject[] {
  return objectsOf(input.related, PSMDB_API, BACKUP_KIND).filter((b) => b.metadata.namespace === undefined || b.metadata.namespace === input.cluster.namespace)
}

/**
 * The operator reports `ready` for the spec it has seen: a status older than
 * the object's generation says nothing about the current spec.
 */
export function psmdbReady(psmdb: KObject | undefined): boolean {
  if (stringField(psmdb, 'status', 'state') !== 'ready') return false
  const seen = numberField(psmdb, 'status', 'observedGeneration')
  const generation = psmdb?.metadata.generation
  return seen === undefined || generation === undefined || seen >= generation
}
