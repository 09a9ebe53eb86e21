/**
 * Where the in-place restore of spec.dataSource stands. The Percona operator
 * restores into an existing cluster, so a data source takes two steps: the
 * PerconaServerMongoDB is created (annotated as created for a restore), and
 * once it is ready the PerconaServerMongoDBRestore follows.
 *
 * A restore overwrites the data, so it must never run twice: once the
 * Restore was observed, or the parent's status records it as applied, it is
 * never created again, even if someone deletes it. A data source added to a
 * cluster that was created without one is ignored (and said so in status):
 * restoring a running cluster is an OpsRequest of type Restore.
 */
import type { DataSourceSpec } from '../../api/database-cluster.js'
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import type { KObject } from '../shared/kube.js'
import { field, lastApplied } from '../shared/observed.js'
import { observedPsmdb, observedRestore } from './observed.js'

/** On the PerconaServerMongoDB: it was created to be restored into; the value says from what. */
export const RESTORE_ANNOTATION = 'dbaas.io/restore-on-create'

export interface RestoreState {
  /** The data source applies: the cluster was (or is about to be) created for it. */
  wanted: boolean
  /** The Restore was observed, or the status records it as applied. */
  started: boolean
  /** The observed Restore, if any. */
  observed: KObject | undefined
  /** What the cluster is restored from, for status. */
  description: string | undefined
  /** The annotation to put on the PerconaServerMongoDB: kept once applied, set when it is created for a restore. */
  annotation: string | undefined
}

export function describeDataSource(ds: DataSourceSpec): string {
  const at = ds.pointInTime === undefined ? '' : ` at ${ds.pointInTime}`
  if (ds.clusterName !== undefined) return `DatabaseCluster ${ds.clusterName}${at}`
  if (ds.backupName !== undefined) return `backup ${ds.backupName}${at}`
  if (ds.backupSource !== undefined) return `server ${ds.backupSource.serverName} in DatabaseBackupStorageClass ${ds.backupSource.storageClassName}${at}`
  return 'nothing'
}

function appliedInStatus(input: ClusterInput): boolean {
  return field(input.cluster.status, 'dataSource', 'applied') === true
}

export function restoreState(input: ClusterInput): RestoreState {
  const ds = input.cluster.spec.dataSource
  const psmdb = observedPsmdb(input)
  const annotation = psmdb === undefined ? undefined : lastApplied(psmdb).metadata.annotations?.[RESTORE_ANNOTATION]
  const observed = observedRestore(input)
  const wanted = ds !== undefined && (psmdb === undefined || annotation !== undefined)
  return {
    wanted,
    started: observed !== undefined || appliedInStatus(input),
    observed,
    description: annotation ?? (ds === undefined ? undefined : describeDataSource(ds)),
    annotation: annotation ?? (wanted && ds !== undefined ? describeDataSource(ds) : undefined),
  }
}

/** The Restore is still to be created. */
export function restorePending(state: RestoreState): boolean {
  return state.wanted && !state.started
}
