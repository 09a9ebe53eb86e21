/**
 * What a restore into this cluster restores: a named PerconaXtraDBClusterBackup
 * of the namespace, the newest successful backup of another mysql
 * DatabaseCluster (clone), or the newest successful backup recorded under a
 * storage location's folder (backups of a cluster that may no longer exist).
 * PXC restores a backup by its exact folder (`status.destination`), which only
 * the operator's backup objects know; with a point in time, binlogs are read
 * from the storage the backup was written to, up to that moment (UTC).
 */
import type { DataSourceSpec } from '../../api/database-cluster.js'
import { API_VERSION } from '../../api/crds.js'
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import type { KObject } from '../shared/kube.js'
import { field, findObject, stringField } from '../shared/observed.js'
import type { Lookup } from '../shared/related.js'
import { SUCCEEDED, backupState, backupsOfCluster, findBackup, pxcBackups, succeededNewestFirst } from './backups.js'
import { mysqlNames } from './names.js'
import { type PxcStorage, containerOptions, resolveStorage, s3Block } from './storage.js'

export interface MysqlRestore {
  description: string
  spec: Record<string, unknown>
  /** Credentials to copy for a restore straight from storage. */
  storage?: PxcStorage
}

/** `2026-07-01T14:00:00+02:00` → `2026-07-01 12:00:00`, the operator's PITR date format (UTC). */
export function perconaDate(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ')
}

function withPitr(ds: DataSourceSpec, spec: Record<string, unknown>, binlogs: Record<string, unknown>): Record<string, unknown> {
  if (ds.pointInTime === undefined) return spec
  return { ...spec, pitr: { type: 'date', date: perconaDate(ds.pointInTime), backupSource: { s3: binlogs } } }
}

function s3Of(backup: KObject): Record<string, unknown> | undefined {
  const s3 = field(backup, 'status', 's3')
  return typeof s3 === 'object' && s3 !== null ? (s3 as Record<string, unknown>) : undefined
}

/** Restore a backup object by name (the operator finds its folder), or by its folder and S3 settings (a clone). */
function fromBackupObject(ds: DataSourceSpec, pxcCluster: string, backup: KObject, description: string, by: 'name' | 'source'): Lookup<MysqlRestore> {
  const s3 = s3Of(backup)
  if (s3 === undefined) {
    if (by === 'name' && ds.pointInTime === undefined) return { ok: true, value: { description, spec: { pxcCluster, backupName: backup.metadata.name } } }
    return { ok: false, reason: 'DataSourceIncompatible', message: `backup ${backup.metadata.name} is not in S3 storage, which a ${by === 'source' ? 'clone' : 'point-in-time restore'} needs` }
  }
  const verifyTLS = field(backup, 'status', 'verifyTLS')
  const source = { destination: stringField(backup, 'status', 'destination') ?? '', s3, ...(typeof verifyTLS === 'boolean' ? { verifyTLS } : {}) }
  const base = by === 'name' ? { pxcCluster, backupName: backup.metadata.name } : { pxcCluster, backupSource: source }
  return { ok: true, value: { description, spec: withPitr(ds, base, s3) } }
}

function fromBackupName(input: ClusterInput, ds: DataSourceSpec, name: string): Lookup<MysqlRestore> {
  const { namespace } = input.cluster
  const backup = findBackup(input.related, name, namespace)
  if (backup === undefined) return { ok: false, reason: 'DataSourceNotFound', message: `PerconaXtraDBClusterBackup ${name} does not exist in ${namespace}` }
  if (backupState(backup) !== SUCCEEDED) {
    return { ok: false, reason: 'DataSourceNotReady', message: `PerconaXtraDBClusterBackup ${name} is ${backupState(backup) || 'new'}, not ${SUCCEEDED}` }
  }
  return fromBackupObject(ds, mysqlNames.pxc(input.cluster.name), backup, `backup ${name}`, 'name')
}

function fromCluster(input: ClusterInput, ds: DataSourceSpec, source: string): Lookup<MysqlRestore> {
  const { namespace, name } = input.cluster
  const other = findObject(input.related, API_VERSION, 'DatabaseCluster', source, namespace)
  if (other === undefined) return { ok: false, reason: 'DataSourceNotFound', message: `DatabaseCluster ${source} does not exist in ${namespace}` }
  if (stringField(other, 'spec', 'engine') !== 'mysql') return { ok: false, reason: 'DataSourceIncompatible', message: `DatabaseCluster ${source} is not a mysql cluster` }
  if (field(other, 'spec', 'backup') === undefined) {
    return { ok: false, reason: 'DataSourceHasNoBackups', message: `DatabaseCluster ${source} has no backups to clone from; configure spec.backup on it first` }
  }
  if (ds.pointInTime !== undefined && field(other, 'spec', 'backup', 'pointInTimeRecovery') === false) {
    return { ok: false, reason: 'DataSourceHasNoBinlogs', message: `DatabaseCluster ${source} does not archive binlogs (backup.pointInTimeRecovery: false): it can only be cloned as of a backup` }
  }
  const newest = succeededNewestFirst(backupsOfCluster(input.related, mysqlNames.pxc(source), namespace))[0]
  if (newest === undefined) return { ok: false, reason: 'DataSourceHasNoBackups', message: `DatabaseCluster ${source} has no successful backup to clone from yet` }
  return fromBackupObject(ds, mysqlNames.pxc(name), newest, `clone of DatabaseCluster ${source} (backup ${newest.metadata.name})`, 'source')
}

function fromStorage(input: ClusterInput, ds: DataSourceSpec): Lookup<MysqlRestore> {
  const src = ds.backupSource
  if (src === undefined) return { ok: false, reason: 'InvalidSpec', message: 'dataSource names no source' }
  const namespace = src.namespace ?? input.cluster.namespace
  const storage = resolveStorage(input.related, src.storageClassName, src.location, namespace, src.serverName)
  if (!storage.ok) return storage
  const folder = `s3://${storage.value.bucketPath}/`
  const candidates = pxcBackups(input.related).filter((b) => b.metadata.namespace === namespace && (stringField(b, 'status', 'destination') ?? '').startsWith(folder))
  const newest = succeededNewestFirst(candidates)[0]
  if (newest === undefined) {
    return { ok: false, reason: 'DataSourceHasNoBackups', message: `no successful PerconaXtraDBClusterBackup in ${namespace} records a backup under ${folder}; PXC restores a backup by its folder, which only those objects name` }
  }
  const s3 = s3Block(storage.value, mysqlNames.restoreCredentials(input.cluster.name))
  const base = {
    pxcCluster: mysqlNames.pxc(input.cluster.name),
    backupSource: { destination: stringField(newest, 'status', 'destination') ?? '', s3, verifyTLS: !storage.value.location.s3.insecureSkipTLSVerify },
    ...containerOptions(storage.value),
  }
  const description = `backup ${newest.metadata.name} of server ${src.serverName} in DatabaseBackupStorageClass ${src.storageClassName}`
  return { ok: true, value: { description, spec: withPitr(ds, base, s3), storage: storage.value } }
}

export function resolveRestore(input: ClusterInput, ds: DataSourceSpec): Lookup<MysqlRestore> {
  if (ds.backupName !== undefined) return fromBackupName(input, ds, ds.backupName)
  if (ds.clusterName !== undefined) return fromCluster(input, ds, ds.clusterName)
  return fromStorage(input, ds)
}

/** What the data source is, in words, without looking anything up. */
export function describeDataSource(ds: DataSourceSpec): string {
  const at = ds.pointInTime === undefined ? '' : `, to ${ds.pointInTime}`
  if (ds.clusterName !== undefined) return `clone of DatabaseCluster ${ds.clusterName}${at}`
  if (ds.backupName !== undefined) return `backup ${ds.backupName}${at}`
  if (ds.backupSource !== undefined) return `backups of server ${ds.backupSource.serverName} in DatabaseBackupStorageClass ${ds.backupSource.storageClassName}${at}`
  return 'none'
}
