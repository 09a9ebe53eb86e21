/**
 * CloudNativePG's free-text phase mapped onto our phases. The strings are the
 * constants of CloudNativePG 1.30 (api/v1/cluster_types.go).
 */
import type { Phase } from '../../../api/database-cluster.js'

export const HEALTHY = 'Cluster in healthy state'
const SETTING_UP = 'Setting up primary'

const FAILED = new Set([
  'Cluster cannot proceed to reconciliation due to an unknown plugin being required',
  'Cluster cannot proceed to reconciliation due to an error while interacting with plugins',
  'Cluster has incomplete or invalid image catalog',
  'Cluster is unrecoverable and needs manual intervention',
  'Cluster cannot execute instance online upgrade due to missing architecture binary',
  'Unable to create required cluster objects',
  'Invalid cluster definition',
])

export interface PhaseFacts {
  observed: boolean
  cnpgPhase: string | undefined
  hibernated: boolean
  stopped: boolean
  ready: boolean
  restoring: boolean
}

export function mapPhase(f: PhaseFacts): Phase {
  if (!f.observed) return 'Creating'
  if (f.stopped) return f.hibernated ? 'Stopped' : 'Stopping'
  if (f.cnpgPhase !== undefined && FAILED.has(f.cnpgPhase)) return 'Failed'
  if (f.ready) return 'Ready'
  if (f.cnpgPhase === undefined || f.cnpgPhase === SETTING_UP) return f.restoring ? 'Restoring' : 'Creating'
  return 'Updating'
}

export function isFailedPhase(phase: string | undefined): boolean {
  return phase !== undefined && FAILED.has(phase)
}
