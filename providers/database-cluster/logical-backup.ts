/**
 * Logical backups of a DatabaseCluster by a backup runner: a DatabaseBackup
 * child `<cluster>-logical` targeting the cluster itself, and the health of
 * every DatabaseBackup that protects the cluster (its own and any other
 * targeting it), folded into the cluster's status.
 */
import type { LogicalBackupStatus } from '../../api/database-cluster.js'
import { BACKUP_API_VERSION } from '../../api/crds.js'
import { findCondition } from '../shared/conditions.js'
import type { ChildType, KObject, ObjectMap, RelatedResourceRule } from '../shared/kube.js'
import { clusterLabels } from '../shared/labels.js'
import { childName } from '../shared/names.js'
import { field, objectsOf, stringField } from '../shared/observed.js'
import type { ClusterObject } from './engine-provider.js'

export const LOGICAL_BACKUP_TYPE: ChildType = { apiVersion: BACKUP_API_VERSION, kind: 'DatabaseBackup', resource: 'databasebackups', stateful: false, teardown: 1 }

export function logicalBackupName(cluster: string): string {
  return childName(cluster, 'logical')
}

export function buildLogicalBackup(cluster: ClusterObject): KObject | undefined {
  const backup = cluster.spec.backup
  const logical = backup?.logical
  if (backup === undefined || logical === undefined) return undefined
  return {
    apiVersion: BACKUP_API_VERSION,
    kind: 'DatabaseBackup',
    metadata: { name: logicalBackupName(cluster.name), namespace: cluster.namespace, labels: clusterLabels(cluster.name, cluster.spec.engine, 'logical-backup') },
    spec: {
      engine: cluster.spec.engine,
      target: { clusterName: cluster.name, ...(logical.databases === undefined ? {} : { databases: logical.databases }) },
      storageClassName: logical.storageClassName ?? backup.storageClassName,
      schedule: logical.schedule,
      ...(logical.timeZone === undefined ? {} : { timeZone: logical.timeZone }),
      ...(logical.retention === undefined ? {} : { retention: logical.retention }),
    },
  }
}

/** Customize: every DatabaseBackup of the namespace (filtered in sync by target). */
export function logicalBackupRules(cluster: ClusterObject): RelatedResourceRule[] {
  return [{ apiVersion: BACKUP_API_VERSION, resource: 'databasebackups', namespace: cluster.namespace, labelSelector: {} }]
}

function conditionOf(obj: KObject, type: string): 'True' | 'False' | 'Unknown' {
  const s = findCondition(field(obj, 'status', 'conditions'), type)?.status
  return s === 'True' || s === 'False' ? s : 'Unknown'
}

/** Every observed DatabaseBackup protecting the cluster, sorted by name. */
export function logicalBackupStatuses(cluster: ClusterObject, children: ObjectMap, related: ObjectMap): LogicalBackupStatus[] {
  const own = objectsOf(children, BACKUP_API_VERSION, 'DatabaseBackup')
  const others = objectsOf(related, BACKUP_API_VERSION, 'DatabaseBackup').filter((b) => stringField(b, 'spec', 'target', 'clusterName') === cluster.name)
  const byName = new Map<string, KObject>()
  for (const b of [...others, ...own]) byName.set(b.metadata.name, b)
  return [...byName.keys()].sort().map((name) => {
    const b = byName.get(name) as KObject
    const last = stringField(b, 'status', 'lastSuccessfulTime')
    return { name, fresh: conditionOf(b, 'BackupFresh'), lastSucceeded: conditionOf(b, 'LastBackupSucceeded'), ...(last === undefined ? {} : { lastSuccessfulTime: last }) }
  })
}
