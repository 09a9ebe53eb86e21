/**
 * Where an in-place restore into this cluster comes from: a named backup of
 * this namespace, or the newest successful backup of another DatabaseCluster.
 */
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import type { KObject } from '../shared/kube.js'
import { field, objectsOf, stringField } from '../shared/observed.js'
import type { Lookup } from '../shared/related.js'
import { PSMDB_API } from './child-types.js'

export const PSMDB_BACKUP_KIND = 'PerconaServerMongoDBBackup'

export interface MongoRestore {
  spec: Record<string, unknown>
}

function perconaDate(iso: string): string {
  return iso.replace('T', ' ').replace(/(\.\d+)?(Z|[+-]\d\d:\d\d)$/, '')
}

function newestBackupOf(input: ClusterInput, source: string): KObject | undefined {
  return objectsOf(input.related, PSMDB_API, PSMDB_BACKUP_KIND)
    .filter((b) => stringField(b, 'spec', 'clusterName') === source && stringField(b, 'status', 'state') === 'ready')
    .sort((a, b) => (stringField(b, 'status', 'completed') ?? '').localeCompare(stringField(a, 'status', 'completed') ?? ''))[0]
}

export function resolveRestore(input: ClusterInput): Lookup<MongoRestore | undefined> {
  const ds = input.cluster.spec.dataSource
  if (ds === undefined) return { ok: true, value: undefined }
  const base = { clusterName: input.cluster.name, ...(ds.pointInTime === undefined ? {} : { pitr: { type: 'date', date: perconaDate(ds.pointInTime) } }) }
  if (ds.backupName !== undefined) return { ok: true, value: { spec: { ...base, backupName: ds.backupName } } }
  if (ds.clusterName !== undefined) {
    const backup = newestBackupOf(input, ds.clusterName)
    if (backup === undefined) return { ok: false, reason: 'DataSourceHasNoBackups', message: `DatabaseCluster ${ds.clusterName} has no successful backup to clone from yet` }
    const s3 = field(backup, 'status', 's3')
    return { ok: true, value: { spec: { ...base, backupSource: { type: stringField(backup, 'status', 'type') ?? 'logical', destination: stringField(backup, 'status', 'destination') ?? '', ...(typeof s3 === 'object' && s3 !== null ? { s3 } : {}) } } } }
  }
  return { ok: false, reason: 'RestoreSourceUnsupported', message: 'mongodb restores a named backup (dataSource.backupName) or clones a DatabaseCluster (dataSource.clusterName); restoring straight from storage needs the backup\'s path, which the storage class alone does not give' }
}
