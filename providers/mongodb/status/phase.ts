/**
 * The operator's state (psmdb_types.go: `""`, `initializing`, `ready`,
 * `error`, `stopping`, `paused`, and `sharding` while sharding is toggled)
 * and the restore's progress, mapped onto our phase and Ready condition.
 */
import type { Phase } from '../../../api/database-cluster.js'
import type { RestoreProgress } from './restore.js'

export interface PhaseFacts {
  observed: boolean
  /** status.state, verbatim. */
  state: string | undefined
  /** status.message, verbatim. */
  message: string | undefined
  /** The operator reports ready for the current generation. */
  operatorReady: boolean
  initialized: boolean
  readyMembers: number
  clusterSize: number
  stopped: boolean
  restore: RestoreProgress
}

export interface Readiness {
  ready: boolean
  reason: string
  message: string
}

const RESTORING = new Set(['waiting', 'creating', 'running'])

/** Why the cluster is not ready for clients whatever the members say: stopped, failed, being restored. */
function blocker(f: PhaseFacts): Readiness | undefined {
  if (f.stopped) return { ready: false, reason: 'Stopped', message: `the cluster is paused on request (operator: ${f.state ?? 'no state yet'})` }
  if (f.state === 'error') return { ready: false, reason: 'ClusterFailed', message: f.message ?? 'the operator reports an error' }
  if (f.restore.kind === 'failed') return { ready: false, reason: 'RestoreFailed', message: f.restore.message }
  if (f.restore.kind !== 'none' && RESTORING.has(f.restore.kind)) return { ready: false, reason: 'Restoring', message: f.restore.message }
  return undefined
}

export function readiness(f: PhaseFacts): Readiness {
  if (!f.observed) return { ready: false, reason: 'Creating', message: 'the PerconaServerMongoDB has not reported yet' }
  const blocked = blocker(f)
  if (blocked !== undefined) return blocked
  const members = `${f.readyMembers}/${f.clusterSize} members ready`
  if (f.operatorReady && f.readyMembers >= f.clusterSize) return { ready: true, reason: 'ClusterReady', message: members }
  const why = [f.state === undefined || f.state === '' ? 'no state yet' : f.state, f.message].filter((p) => p !== undefined).join(': ')
  return { ready: false, reason: 'ClusterNotReady', message: `${members}: ${why}` }
}

export function phaseOf(f: PhaseFacts, ready: boolean): Phase {
  if (!f.observed) return 'Creating'
  if (f.stopped) return f.state === 'paused' ? 'Stopped' : 'Stopping'
  if (f.state === 'error' || f.restore.kind === 'failed') return 'Failed'
  if (RESTORING.has(f.restore.kind)) return 'Restoring'
  if (ready) return 'Ready'
  return f.initialized ? 'Updating' : 'Creating'
}
