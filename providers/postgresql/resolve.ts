/**
 * Everything the PostgreSQL pipeline needs that is not in the spec itself:
 * the image, the backup storage and the data source, looked up once. Problems
 * found here block the sync with a reason in status.
 */
import { memoByObject } from '../shared/memo.js'
import type { StorageLocation } from '../../api/backup-storage-class.js'
import type { ClusterInput, SpecProblem } from '../database-cluster/engine-provider.js'
import type { KObject } from '../shared/kube.js'
import { isFixedParameter } from './parameters.js'
import { resolveBackup } from './resolve-backup.js'
import { resolveDataSource } from './resolve-data-source.js'
import { observedCluster } from './observed.js'
import { lastApplied, stringField } from '../shared/observed.js'
import { majorOfImage, resolveVersion } from './version.js'

export interface PgBackup {
  storageClassName: string
  location: StorageLocation
  serverName: string
  retentionPolicy: string
  /** Base64 data to copy into the namespace; undefined when the workload identity is used. */
  credentials: Record<string, string> | undefined
}

export interface PgRestoreStore {
  location: StorageLocation
  serverName: string
  namespace: string
  credentials: Record<string, string> | undefined
}

export interface PgDataSource {
  description: string
  bootstrap: Record<string, unknown>
  externalClusters?: Record<string, unknown>[]
  restoreStore?: PgRestoreStore
  /** Children a restore still in progress needs, kept exactly as they were applied. */
  keptChildren?: KObject[]
}

export interface PgResolved {
  version: string
  image: string
  backup?: PgBackup
  dataSource?: PgDataSource
}

export type PgResolution = { problems: SpecProblem[]; resolved?: PgResolved }

function versionProblems(input: ClusterInput, image: string): SpecProblem[] {
  const observed = observedCluster(input)
  if (observed === undefined) return []
  const before = stringField(lastApplied(observed), 'spec', 'imageName')
  const from = before === undefined ? undefined : majorOfImage(before)
  const to = majorOfImage(image)
  if (from !== undefined && to !== undefined && to < from) {
    return [{ reason: 'VersionDowngrade', message: `postgresql cannot go back from major version ${from} to ${to}` }]
  }
  return []
}

function specProblems(input: ClusterInput): SpecProblem[] {
  const { spec } = input.cluster
  const problems: SpecProblem[] = []
  const fixed = (spec.config ?? []).map((p) => p.name).filter(isFixedParameter)
  if (fixed.length > 0) {
    problems.push({ reason: 'FixedParameter', message: `CloudNativePG manages ${fixed.join(', ')} itself; remove them from config` })
  }
  if (spec.proxy?.type !== undefined && spec.proxy.type !== 'pgbouncer') {
    problems.push({ reason: 'UnsupportedProxy', message: `postgresql uses pgbouncer, not ${spec.proxy.type}` })
  }
  if (spec.monitoring?.enabled === true && !input.ctx.config.podMonitors) {
    problems.push({ reason: 'MonitoringNotInstalled', message: 'monitoring needs the PodMonitor kind (prometheus-operator), which this installation does not manage' })
  }
  return problems
}

/**
 * validate and desired both resolve the same input within one sync; the
 * second call gets the first one's answer (the input is never mutated).
 */
export const resolvePostgres: (input: ClusterInput) => PgResolution = memoByObject(resolveUncached)

function resolveUncached(input: ClusterInput): PgResolution {
  const version = resolveVersion(input.ctx.config.images.postgresql, input.cluster.spec.version)
  if (!version.ok) return { problems: [{ reason: version.reason, message: version.message }] }
  const backup = resolveBackup(input)
  const dataSource = resolveDataSource(input)
  const problems = [
    ...versionProblems(input, version.value.image),
    ...specProblems(input),
    ...(backup.ok ? [] : [{ reason: backup.reason, message: backup.message }]),
    ...(dataSource.ok ? [] : [{ reason: dataSource.reason, message: dataSource.message }]),
  ]
  if (problems.length > 0 || !backup.ok || !dataSource.ok) return { problems }
  const resolved: PgResolved = { ...version.value }
  if (backup.value !== undefined) resolved.backup = backup.value
  if (dataSource.value !== undefined) resolved.dataSource = dataSource.value
  return { problems: [], resolved }
}
