/**
 * Where an in-place restore stands. Percona restores into an existing cluster
 * through a Restore object, so a DatabaseCluster with a data source is created
 * first and the Restore follows once the operator reports the cluster ready.
 *
 * A restore overwrites the data, so it runs at most once, and only into a
 * cluster that was created for it:
 * - an observed Restore is kept exactly as last applied, never rebuilt;
 * - once the status records the restore (`status.dataSource.applied`), a
 *   missing Restore is not created again;
 * - the PerconaXtraDBCluster carries the marker annotation below from its
 *   creation while the data source stays set; a data source added to a
 *   cluster that exists without it (or whose marker was dropped) is ignored.
 */
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import { field, lastApplied, stringField } from '../shared/observed.js'
import { observedPxc, observedRestore, pxcIsReady } from './observed.js'

export const DATA_SOURCE_ANNOTATION = 'dbaas.io/data-source'

export type RestorePhase = 'none' | 'ignored' | 'pending' | 'start' | 'observed' | 'recorded'

/** The Restore reached an end state (restore_types: Succeeded or Failed). */
export const TERMINAL_RESTORE_STATES = ['Succeeded', 'Failed']

export function restoreRecorded(input: ClusterInput): boolean {
  return field(input.cluster.status, 'dataSource', 'applied') === true
}

/** The observed PerconaXtraDBCluster was created for a restore and still carries the marker. */
export function createdForRestore(input: ClusterInput): boolean {
  const pxc = observedPxc(input)
  return pxc === undefined || stringField(lastApplied(pxc), 'metadata', 'annotations', DATA_SOURCE_ANNOTATION) !== undefined
}

export function restorePhase(input: ClusterInput): RestorePhase {
  const { spec } = input.cluster
  if (observedRestore(input) !== undefined) return 'observed'
  if (restoreRecorded(input)) return 'recorded'
  if (spec.dataSource === undefined) return 'none'
  const pxc = observedPxc(input)
  if (pxc === undefined) return 'pending'
  if (!createdForRestore(input)) return 'ignored'
  if (spec.stopped || !pxcIsReady(pxc, spec.clusterSize)) return 'pending'
  return 'start'
}

/** The source must be resolved (and valid) while the restore is still to come. */
export function needsRestoreSource(phase: RestorePhase): boolean {
  return phase === 'pending' || phase === 'start'
}

/** An observed Restore stays while the data source is set, and always while it is still running. */
export function keepObservedRestore(input: ClusterInput): boolean {
  const restore = observedRestore(input)
  if (restore === undefined) return false
  return input.cluster.spec.dataSource !== undefined || !TERMINAL_RESTORE_STATES.includes(stringField(restore, 'status', 'state') ?? '')
}
