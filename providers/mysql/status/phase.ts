/**
 * The operator's `status.state` (pxc_types.go AppState: initializing, paused,
 * stopping, ready, error; "" before its first reconcile) and the restore's
 * progress mapped onto our phases. `initializing` covers both a first start
 * and a rolling change; the state history in `status.conditions` (one entry
 * per state change, types are states) tells them apart.
 */
import type { Phase } from '../../../api/database-cluster.js'

/** Where a restore into this cluster stands, as far as status is concerned. */
export type RestoreView = 'none' | 'waiting' | 'running' | 'failed' | 'done'

export interface PhaseFacts {
  observed: boolean
  state: string | undefined
  stopped: boolean
  ready: boolean
  restore: RestoreView
  /** The operator has reported the cluster ready at some point. */
  wasReady: boolean
}

/** The phase of a running cluster, from the operator's state alone. */
function operatorPhase(f: PhaseFacts): Phase {
  if (f.state === 'error') return 'Failed'
  if (f.ready) return 'Ready'
  if (f.state === undefined || f.state === '' || f.state === 'initializing') return f.wasReady ? 'Updating' : 'Creating'
  return 'Updating'
}

export function mapPhase(f: PhaseFacts): Phase {
  if (f.restore === 'failed') return 'Failed'
  if (f.stopped) return f.observed && f.state === 'paused' ? 'Stopped' : 'Stopping'
  if (f.restore === 'waiting' || f.restore === 'running') return 'Restoring'
  return f.observed ? operatorPhase(f) : 'Creating'
}

export const SETTLED: readonly Phase[] = ['Ready', 'Stopped', 'Failed']
