/**
 * How far the in-place restore of spec.dataSource has come, from the
 * Restore's own status (state `""`, `waiting`, `requested`, `running`,
 * `ready`, `rejected`, `error`; perconaservermongodbrestore_types.go).
 */
import type { DataSourceStatus } from '../../../api/database-cluster.js'
import type { ClusterInput } from '../../database-cluster/engine-provider.js'
import type { KObject } from '../../shared/kube.js'
import { field, stringField } from '../../shared/observed.js'
import { mongoNames } from '../names.js'
import { observedPsmdb, psmdbReady } from '../observed.js'
import { type RestoreState, describeDataSource, restorePending } from '../restore-state.js'

export type RestoreProgress = { kind: 'none' } | { kind: 'waiting' | 'creating' | 'running' | 'failed' | 'done'; message: string }

function progressOf(restore: KObject, from: string): RestoreProgress {
  const name = restore.metadata.name
  const phase = stringField(restore, 'status', 'state') ?? ''
  if (phase === 'ready') return { kind: 'done', message: `restored from ${from}` }
  if (phase === 'error' || phase === 'rejected') {
    return { kind: 'failed', message: `PerconaServerMongoDBRestore ${name} is ${phase}: ${stringField(restore, 'status', 'error') ?? 'no error reported'}` }
  }
  return { kind: 'running', message: `PerconaServerMongoDBRestore ${name} of ${from} is ${phase === '' ? 'new' : phase}` }
}

export function restoreProgress(input: ClusterInput, state: RestoreState): RestoreProgress {
  if (!state.wanted) return { kind: 'none' }
  const from = state.description ?? 'the data source'
  if (state.observed !== undefined) return progressOf(state.observed, from)
  if (state.started) return { kind: 'done', message: `restored from ${from}` }
  return psmdbReady(observedPsmdb(input))
    ? { kind: 'creating', message: `creating PerconaServerMongoDBRestore ${mongoNames.restore(input.cluster.name)} from ${from}` }
    : { kind: 'waiting', message: `waiting for the cluster to be ready before restoring ${from} into it` }
}

/**
 * status.dataSource: applied from the answer that creates the Restore on
 * (Metacontroller writes status only after it applied the children, so the
 * record never runs ahead of the Restore), then kept: a Restore deleted
 * before any sync saw it is not created again. A data source added after
 * creation is reported as ignored; a recorded restore stays in status after
 * spec.dataSource is removed. Only called when the spec passed validation,
 * so a pending Restore on a ready cluster is in this answer's children.
 */
export function dataSourceStatus(input: ClusterInput, state: RestoreState): DataSourceStatus | undefined {
  const ds = input.cluster.spec.dataSource
  const previous = field(input.cluster.status, 'dataSource')
  const recorded = field(previous, 'applied') === true ? stringField(previous, 'source') : undefined
  const createdNow = restorePending(state) && psmdbReady(observedPsmdb(input))
  if (state.wanted) return { applied: state.started || createdNow, source: state.description ?? 'the data source' }
  if (recorded !== undefined) return { applied: true, source: recorded }
  if (ds === undefined) return undefined
  return { applied: false, source: `${describeDataSource(ds)} (ignored: the data source is read when the cluster is created; restore a running cluster with an OpsRequest of type Restore)` }
}
