/**
 * Everything the MongoDB pipeline needs that is not in the spec itself: the
 * image, the backup storage, the state of the restore and what it restores,
 * looked up once. Problems found here block the sync with a reason in status.
 */
import type { ClusterInput, SpecProblem } from '../database-cluster/engine-provider.js'
import type { Lookup } from '../shared/related.js'
import { mongoNames } from './names.js'
import { type MongoRestore, resolveRestore } from './resolve-restore.js'
import { type MongoStorage, resolveStorage } from './resolve-storage.js'
import { resolveVersion } from './resolve-version.js'
import { type RestoreState, restorePending, restoreState } from './restore-state.js'
import { specProblems } from './validate.js'

export interface MongoResolved {
  version: string
  image: string
  /** The cluster's own backup storage (spec.backup). */
  storage?: MongoStorage
  restore: RestoreState
  /** What the Restore restores, while it is still to be created. */
  restoreSource?: MongoRestore
}

export type MongoResolution = { problems: SpecProblem[]; resolved?: MongoResolved }

function problemOf<T>(lookup: Lookup<T> | undefined): SpecProblem[] {
  return lookup === undefined || lookup.ok ? [] : [{ reason: lookup.reason, message: lookup.message }]
}

function ownStorage(input: ClusterInput): Lookup<MongoStorage> | undefined {
  const { spec, name, namespace } = input.cluster
  if (spec.backup === undefined) return undefined
  return resolveStorage(input, { storageClassName: spec.backup.storageClassName, location: spec.backup.location, namespace, serverName: spec.backup.serverName ?? name, secretName: mongoNames.backupCredentials(name) })
}

export function resolveMongo(input: ClusterInput): MongoResolution {
  const version = resolveVersion(input)
  const storage = ownStorage(input)
  const restore = restoreState(input)
  const ds = input.cluster.spec.dataSource
  const source = ds !== undefined && restorePending(restore) ? resolveRestore(input, ds, storage?.ok === true ? storage.value.name : undefined) : undefined
  const problems = [...version.problems, ...specProblems(input), ...problemOf(storage), ...problemOf(source)]
  if (problems.length > 0 || version.value === undefined) return { problems }
  const resolved: MongoResolved = { ...version.value, restore }
  if (storage?.ok === true) resolved.storage = storage.value
  if (source?.ok === true) resolved.restoreSource = source.value
  return { problems: [], resolved }
}
