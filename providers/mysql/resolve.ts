/** What the MySQL pipeline needs beyond the spec: image, backup storage, data source. */
import type { ClusterInput, SpecProblem } from '../database-cluster/engine-provider.js'
import { downgradeProblem, resolveCatalogVersion } from '../shared/catalog.js'
import { lastApplied, stringField } from '../shared/observed.js'
import { type PerconaStorage, resolvePerconaStorage } from '../percona/storage.js'
import { findObject } from '../shared/observed.js'
import { PXC_TYPE } from './child-types.js'
import { mysqlNames } from './names.js'
import { resolveRestore, type MysqlRestore } from './restore-source.js'

export interface MysqlResolved {
  version: string
  image: string
  storage?: PerconaStorage
  restore?: MysqlRestore
}

export function observedPxc(input: ClusterInput) {
  return findObject(input.children, PXC_TYPE.apiVersion, PXC_TYPE.kind, mysqlNames.cluster(input.cluster.name), input.cluster.namespace)
}

function specProblems(input: ClusterInput): SpecProblem[] {
  const { spec } = input.cluster
  const problems: SpecProblem[] = []
  if (spec.monitoring?.enabled === true && spec.monitoring.pmm === undefined) {
    problems.push({ reason: 'MonitoringNeedsPMM', message: 'mysql is monitored through PMM: set monitoring.pmm.serverHost (and the pmmservertoken key in the cluster\'s secrets)' })
  }
  return problems
}

export function resolveMysql(input: ClusterInput): { problems: SpecProblem[]; resolved?: MysqlResolved } {
  const { spec } = input.cluster
  const version = resolveCatalogVersion('mysql', input.ctx.config.images, spec.version)
  if (!version.ok) return { problems: [version] }
  const observed = observedPxc(input)
  const before = observed === undefined ? undefined : stringField(lastApplied(observed), 'metadata', 'annotations', 'dbaas.io/version')
  const problems = [...specProblems(input)]
  const downgrade = downgradeProblem('mysql', before, version.value.version)
  if (downgrade !== undefined) problems.push(downgrade)
  const resolved: MysqlResolved = { ...version.value }
  if (spec.backup !== undefined) {
    const storage = resolvePerconaStorage(input, spec.backup.storageClassName, spec.backup.location, 'mysql')
    if (storage.ok) resolved.storage = storage.value
    else problems.push(storage)
  }
  const restore = resolveRestore(input)
  if (!restore.ok) problems.push(restore)
  else if (restore.value !== undefined) resolved.restore = restore.value
  return problems.length > 0 ? { problems } : { problems, resolved }
}
