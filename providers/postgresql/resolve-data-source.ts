/**
 * Where a new PostgreSQL cluster's data comes from. CloudNativePG restores only
 * into a new Cluster (bootstrap.recovery), so the data source is read once:
 * after the Cluster exists, its bootstrap is kept exactly as it was applied.
 */
import type { DataSourceSpec } from '../../api/database-cluster.js'
import { API_VERSION } from '../../api/crds.js'
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import { findObject, lastApplied, field, stringField } from '../shared/observed.js'
import { type Lookup, lookupStorageClass, pickLocation } from '../shared/related.js'
import { BARMAN_PLUGIN, OBJECT_STORE_TYPE, SECRET_TYPE } from './child-types.js'
import { barmanCanUse, locationCredentials } from './location.js'
import { pgNames } from './names.js'
import { observedCluster } from './observed.js'
import type { PgDataSource } from './resolve.js'

const SOURCE = 'origin'

function recovery(ds: DataSourceSpec, base: Record<string, unknown>): Record<string, unknown> {
  const target = ds.pointInTime === undefined ? {} : { recoveryTarget: { targetTime: ds.pointInTime } }
  return { recovery: { ...base, database: 'app', owner: 'app', ...target } }
}

function externalCluster(objectStore: string, serverName: string): Record<string, unknown> {
  return { name: SOURCE, plugin: { name: BARMAN_PLUGIN, parameters: { barmanObjectName: objectStore, serverName } } }
}

function fromCluster(input: ClusterInput, ds: DataSourceSpec, source: string): Lookup<PgDataSource> {
  const { namespace } = input.cluster
  const other = findObject(input.related, API_VERSION, 'DatabaseCluster', source, namespace)
  if (other === undefined) return { ok: false, reason: 'DataSourceNotFound', message: `DatabaseCluster ${source} does not exist in ${namespace}` }
  if (stringField(other, 'spec', 'engine') !== 'postgresql') {
    return { ok: false, reason: 'DataSourceIncompatible', message: `DatabaseCluster ${source} is not a postgresql cluster` }
  }
  if (field(other, 'spec', 'backup') === undefined) {
    return { ok: false, reason: 'DataSourceHasNoBackups', message: `DatabaseCluster ${source} has no backups to clone from; configure spec.backup on it first` }
  }
  const serverName = stringField(other, 'spec', 'backup', 'serverName') ?? source
  return {
    ok: true,
    value: {
      description: `clone of DatabaseCluster ${source}`,
      bootstrap: recovery(ds, { source: SOURCE }),
      externalClusters: [externalCluster(pgNames.objectStore(source), serverName)],
    },
  }
}

function fromStorage(input: ClusterInput, ds: DataSourceSpec): Lookup<PgDataSource> {
  const src = ds.backupSource
  if (src === undefined) return { ok: false, reason: 'InvalidSpec', message: 'dataSource names no source' }
  const storageClass = lookupStorageClass(input.related, src.storageClassName)
  if (!storageClass.ok) return storageClass
  const location = pickLocation(storageClass.value, src.location, barmanCanUse, 'postgresql (barman-cloud)')
  if (!location.ok) return location
  const credentials = locationCredentials(input.related, location.value)
  if (!credentials.ok) return credentials
  const store = pgNames.restoreSource(input.cluster.name)
  return {
    ok: true,
    value: {
      description: `backups of server ${src.serverName} in DatabaseBackupStorageClass ${src.storageClassName}`,
      bootstrap: recovery(ds, { source: SOURCE }),
      externalClusters: [externalCluster(store, src.serverName)],
      restoreStore: { location: location.value, serverName: src.serverName, namespace: src.namespace ?? input.cluster.namespace, credentials: credentials.value },
    },
  }
}

/** A retained PVC (cloned by the CSI driver) or a VolumeSnapshot of one, as CloudNativePG's volume recovery takes it. */
function fromVolume(volume: NonNullable<DataSourceSpec['volume']>): PgDataSource {
  const storage = volume.kind === 'VolumeSnapshot' ? { name: volume.name, kind: 'VolumeSnapshot', apiGroup: 'snapshot.storage.k8s.io' } : { name: volume.name, kind: 'PersistentVolumeClaim' }
  return { description: `${volume.kind} ${volume.name}`, bootstrap: { recovery: { volumeSnapshots: { storage }, database: 'app', owner: 'app' } } }
}

function fromSpec(input: ClusterInput, ds: DataSourceSpec): Lookup<PgDataSource> {
  if (ds.volume !== undefined) return { ok: true, value: fromVolume(ds.volume) }
  if (ds.clusterName !== undefined) return fromCluster(input, ds, ds.clusterName)
  if (ds.backupName !== undefined) {
    return { ok: true, value: { description: `backup ${ds.backupName}`, bootstrap: recovery(ds, { backup: { name: ds.backupName } }) } }
  }
  return fromStorage(input, ds)
}

/** The bootstrap the observed Cluster was created with, if it was created from a data source. */
function keptFromObserved(input: ClusterInput): PgDataSource | undefined {
  const observed = observedCluster(input)
  if (observed === undefined) return undefined
  const applied = lastApplied(observed)
  const bootstrap = field(applied, 'spec', 'bootstrap')
  if (typeof bootstrap !== 'object' || bootstrap === null || field(bootstrap, 'recovery') === undefined) return undefined
  const external = field(applied, 'spec', 'externalClusters')
  const kept: PgDataSource = { description: 'as created', bootstrap: bootstrap as Record<string, unknown> }
  if (Array.isArray(external)) kept.externalClusters = external as Record<string, unknown>[]
  const { name, namespace } = input.cluster
  const store = findObject(input.children, OBJECT_STORE_TYPE.apiVersion, OBJECT_STORE_TYPE.kind, pgNames.restoreSource(name), namespace)
  const secret = findObject(input.children, SECRET_TYPE.apiVersion, SECRET_TYPE.kind, pgNames.restoreCredentials(name), namespace)
  const children = [store, secret].filter((c) => c !== undefined).map(lastApplied)
  if (children.length > 0) kept.keptChildren = children
  return kept
}

export function resolveDataSource(input: ClusterInput): Lookup<PgDataSource | undefined> {
  const ds = input.cluster.spec.dataSource
  if (observedCluster(input) !== undefined) return { ok: true, value: keptFromObserved(input) }
  if (ds === undefined) return { ok: true, value: undefined }
  return fromSpec(input, ds)
}
