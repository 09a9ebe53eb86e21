/**
 * What the PerconaServerMongoDBRestore of spec.dataSource restores:
 * - backupName: that PerconaServerMongoDBBackup of the namespace. A backup of
 *   this cluster in its own storage is named; any other is read through
 *   backupSource (its destination and the storage the operator recorded).
 * - clusterName: the newest complete backup of that DatabaseCluster (for a
 *   point in time, the newest whose data ends before it).
 * - backupSource: a backup the operator recorded under that server's folder
 *   of the storage class, read with credentials copied for the restore. PBM
 *   restores a backup by its name, and the storage class alone does not say
 *   which backups exist, so one must be on record in the namespace.
 * A point in time becomes the Restore's `pitr` (oplog replay up to it).
 */
import type { DataSourceSpec } from '../../api/database-cluster.js'
import { API_VERSION } from '../../api/crds.js'
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import type { KObject } from '../shared/kube.js'
import { field, findObject, stringField } from '../shared/observed.js'
import type { Lookup } from '../shared/related.js'
import { perconaDate, pickBackup, sourceOf } from './backups.js'
import { BACKUP_KIND, PSMDB_API } from './child-types.js'
import { mongoNames } from './names.js'
import { relatedBackups } from './observed.js'
import { resolveStorage } from './resolve-storage.js'

export interface MongoRestore {
  /** PerconaServerMongoDBRestore spec. */
  spec: Record<string, unknown>
  /** Base64 data of `<c>-restore-credentials`, when the restore reads a storage class location. */
  credentials?: Record<string, string>
}

const before = (ds: DataSourceSpec) => (ds.pointInTime === undefined ? '' : ` completed before ${ds.pointInTime}`)

function fromBackupName(input: ClusterInput, name: string, ownStorage: string | undefined): Lookup<Record<string, unknown>> {
  const { namespace } = input.cluster
  const backup = findObject(input.related, PSMDB_API, BACKUP_KIND, name, namespace)
  if (backup === undefined) return { ok: false, reason: 'BackupNotFound', message: `PerconaServerMongoDBBackup ${name} does not exist in ${namespace}` }
  const state = stringField(backup, 'status', 'state')
  if (state !== 'ready') return { ok: false, reason: 'BackupNotReady', message: `PerconaServerMongoDBBackup ${name} is ${state ?? 'not started'}, not ready` }
  const own = stringField(backup, 'spec', 'clusterName') === input.cluster.name && ownStorage !== undefined && stringField(backup, 'status', 'storageName') === ownStorage
  if (own) return { ok: true, value: { backupName: name } }
  const source = sourceOf(backup)
  return source.ok ? { ok: true, value: { backupSource: source.value } } : source
}

function sourceCluster(input: ClusterInput, source: string, ds: DataSourceSpec): Lookup<KObject> {
  const { namespace } = input.cluster
  const other = findObject(input.related, API_VERSION, 'DatabaseCluster', source, namespace)
  if (other === undefined) return { ok: false, reason: 'DataSourceNotFound', message: `DatabaseCluster ${source} does not exist in ${namespace}` }
  if (stringField(other, 'spec', 'engine') !== 'mongodb') return { ok: false, reason: 'DataSourceIncompatible', message: `DatabaseCluster ${source} is not a mongodb cluster` }
  if (field(other, 'spec', 'backup') === undefined) {
    return { ok: false, reason: 'DataSourceHasNoBackups', message: `DatabaseCluster ${source} has no backups to clone from; configure spec.backup on it first` }
  }
  if (ds.pointInTime !== undefined && field(other, 'spec', 'backup', 'pointInTimeRecovery') === false) {
    return { ok: false, reason: 'DataSourceHasNoOplog', message: `DatabaseCluster ${source} does not keep its oplog (backup.pointInTimeRecovery is false): it can only be cloned from a backup, without pointInTime` }
  }
  return { ok: true, value: other }
}

function fromCluster(input: ClusterInput, source: string, ds: DataSourceSpec): Lookup<Record<string, unknown>> {
  const other = sourceCluster(input, source, ds)
  if (!other.ok) return other
  const backup = pickBackup(relatedBackups(input).filter((b) => stringField(b, 'spec', 'clusterName') === source), ds.pointInTime)
  if (backup === undefined) return { ok: false, reason: 'DataSourceHasNoBackups', message: `DatabaseCluster ${source} has no complete backup${before(ds)} yet` }
  const block = sourceOf(backup)
  return block.ok ? { ok: true, value: { backupSource: block.value } } : block
}

function fromStorage(input: ClusterInput, ds: DataSourceSpec): Lookup<MongoRestore> {
  const src = ds.backupSource
  if (src === undefined) return { ok: false, reason: 'InvalidSpec', message: 'dataSource names no source' }
  const { name, namespace } = input.cluster
  const storage = resolveStorage(input, { storageClassName: src.storageClassName, location: src.location, namespace: src.namespace ?? namespace, serverName: src.serverName, secretName: mongoNames.restoreCredentials(name) })
  if (!storage.ok) return storage
  const under = `${storage.value.destination}/`
  const backup = pickBackup(relatedBackups(input).filter((b) => stringField(b, 'status', 'destination')?.startsWith(under) === true), ds.pointInTime)
  if (backup === undefined) {
    return { ok: false, reason: 'DataSourceHasNoBackups', message: `no PerconaServerMongoDBBackup in ${namespace} records a complete backup under ${under}${before(ds)}; PBM restores a backup by name, so restore one with dataSource.backupName` }
  }
  const { type } = storage.value.entry as { type: string }
  const backupSource = { type: stringField(backup, 'status', 'type') ?? 'logical', destination: stringField(backup, 'status', 'destination'), [type]: storage.value.entry[type] }
  return { ok: true, value: { spec: { backupSource }, ...(storage.value.secretData === undefined ? {} : { credentials: storage.value.secretData }) } }
}

function pitr(ds: DataSourceSpec): Lookup<Record<string, unknown>> {
  if (ds.pointInTime === undefined) return { ok: true, value: {} }
  if (Number.isNaN(Date.parse(ds.pointInTime))) return { ok: false, reason: 'InvalidSpec', message: `dataSource.pointInTime ${ds.pointInTime} is not a moment in time` }
  return { ok: true, value: { pitr: { type: 'date', date: perconaDate(ds.pointInTime) } } }
}

/** The Restore for the cluster's data source; `ownStorage` is the storage name of the cluster's own backups, if any. */
export function resolveRestore(input: ClusterInput, ds: DataSourceSpec, ownStorage: string | undefined): Lookup<MongoRestore> {
  const at = pitr(ds)
  if (!at.ok) return at
  const base = { clusterName: mongoNames.cluster(input.cluster.name) }
  if (ds.backupSource !== undefined) {
    const restore = fromStorage(input, ds)
    return restore.ok ? { ok: true, value: { ...restore.value, spec: { ...base, ...restore.value.spec, ...at.value } } } : restore
  }
  const source = ds.clusterName !== undefined ? fromCluster(input, ds.clusterName, ds) : fromBackupName(input, ds.backupName ?? '', ownStorage)
  return source.ok ? { ok: true, value: { spec: { ...base, ...source.value, ...at.value } } } : source
}
