/**
 * The restore as status sees it: the Restore's own state when one is observed
 * (pxc_prestore_types.go: Starting, Stopping Cluster, Restoring,
 * Point-in-time recovering, Preparing Cluster, Starting Cluster, Failed,
 * Succeeded), else what the plan says.
 */
import type { DataSourceStatus } from '../../../api/database-cluster.js'
import type { ClusterInput } from '../../database-cluster/engine-provider.js'
import { stringField } from '../../shared/observed.js'
import { observedRestore } from '../observed.js'
import { describeDataSource } from '../resolve-restore.js'
import { restorePhase, restoreRecorded } from '../restore-plan.js'
import type { RestoreView } from './phase.js'

export interface RestoreFacts {
  view: RestoreView
  /** The Restore's state and comments, verbatim. */
  state?: string
  comments?: string
  dataSource?: DataSourceStatus
}

function previousRecord(input: ClusterInput): DataSourceStatus | undefined {
  if (!restoreRecorded(input)) return undefined
  const source = stringField(input.cluster.status, 'dataSource', 'source')
  return { applied: true, source: source ?? 'restored' }
}

function observedFacts(input: ClusterInput, source: string): RestoreFacts {
  const restore = observedRestore(input)
  const state = stringField(restore, 'status', 'state') ?? ''
  const comments = stringField(restore, 'status', 'comments')
  const view: RestoreView = state === 'Failed' ? 'failed' : state === 'Succeeded' ? 'done' : 'running'
  const record = previousRecord(input) ?? { applied: true, source }
  return { view, state, ...(comments === undefined ? {} : { comments }), dataSource: record }
}

export function restoreFacts(input: ClusterInput): RestoreFacts {
  const ds = input.cluster.spec.dataSource
  const source = ds === undefined ? 'restored' : describeDataSource(ds)
  const phase = restorePhase(input)
  switch (phase) {
    case 'observed':
      return observedFacts(input, source)
    case 'recorded': {
      const record = previousRecord(input)
      return record === undefined ? { view: 'done' } : { view: 'done', dataSource: record }
    }
    case 'start':
      return { view: 'running', dataSource: { applied: true, source } }
    case 'pending':
      return { view: 'waiting', dataSource: { applied: false, source } }
    case 'ignored':
      return { view: 'none', dataSource: { applied: false, source: `ignored: the cluster existed before dataSource (${source}) was set; a restore would overwrite its data` } }
    case 'none':
      return { view: 'none' }
  }
}
