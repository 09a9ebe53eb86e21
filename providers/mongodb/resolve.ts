/** What the MongoDB pipeline needs beyond the spec: image, backup storage, restore source. */
import type { ClusterInput, SpecProblem } from '../database-cluster/engine-provider.js'
import { type PerconaStorage, resolvePerconaStorage } from '../percona/storage.js'
import { downgradeProblem, resolveCatalogVersion } from '../shared/catalog.js'
import { findObject, lastApplied, stringField } from '../shared/observed.js'
import { PSMDB_TYPE } from './child-types.js'
import { mongoNames } from './names.js'
import { type MongoRestore, resolveRestore } from './restore-source.js'

export interface MongoResolved {
  version: string
  image: string
  storage?: PerconaStorage
  restore?: MongoRestore
}

export function observedPsmdb(input: ClusterInput) {
  return findObject(input.children, PSMDB_TYPE.apiVersion, PSMDB_TYPE.kind, mongoNames.cluster(input.cluster.name), input.cluster.namespace)
}

export function resolveMongo(input: ClusterInput): { problems: SpecProblem[]; resolved?: MongoResolved } {
  const { spec } = input.cluster
  const version = resolveCatalogVersion('mongodb', input.ctx.config.images, spec.version)
  if (!version.ok) return { problems: [version] }
  const problems: SpecProblem[] = []
  const observed = observedPsmdb(input)
  const before = observed === undefined ? undefined : stringField(lastApplied(observed), 'metadata', 'annotations', 'dbaas.io/version')
  const downgrade = downgradeProblem('mongodb', before, version.value.version)
  if (downgrade !== undefined) problems.push(downgrade)
  if (before !== undefined && Number(version.value.version.split('.')[0]) > Number(before.split('.')[0]) + 1) {
    problems.push({ reason: 'UnsupportedUpgrade', message: `mongodb upgrades one major version at a time: ${before} → ${version.value.version} skips one` })
  }
  if (spec.monitoring?.enabled === true && spec.monitoring.pmm === undefined) {
    problems.push({ reason: 'MonitoringNeedsPMM', message: 'mongodb is monitored through PMM: set monitoring.pmm.serverHost (and PMM_SERVER_TOKEN in the cluster\'s users Secret)' })
  }
  const resolved: MongoResolved = { ...version.value }
  if (spec.backup !== undefined) {
    const storage = resolvePerconaStorage(input, spec.backup.storageClassName, spec.backup.location, 'mongodb')
    if (storage.ok) resolved.storage = storage.value
    else problems.push(storage)
  }
  const restore = resolveRestore(input)
  if (!restore.ok) problems.push(restore)
  else if (restore.value !== undefined) resolved.restore = restore.value
  return problems.length > 0 ? { problems } : { problems, resolved }
}
