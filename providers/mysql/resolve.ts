/**
 * Everything the MySQL pipeline needs that is not in the spec itself: the
 * images for the version, the backup storage and the restore source, looked
 * up once. Problems found here block the sync with a reason in status.
 */
import type { ClusterInput, SpecProblem } from '../database-cluster/engine-provider.js'
import { downgradeProblem, resolveCatalogVersion } from '../shared/catalog.js'
import { lastApplied, stringField } from '../shared/observed.js'
import type { Lookup } from '../shared/related.js'
import { type PxcComponentImages, componentImages, knownMajors, majorOf } from './images.js'
import { observedPxc } from './observed.js'
import { type MysqlBackup, resolveBackup } from './resolve-backup.js'
import { type MysqlRestore, resolveRestore } from './resolve-restore.js'
import { type RestorePhase, needsRestoreSource, restorePhase } from './restore-plan.js'
import { specProblems } from './spec-checks.js'

/** Annotation on the PerconaXtraDBCluster naming the catalog version it runs. */
export const VERSION_ANNOTATION = 'dbaas.io/version'

export interface MysqlResolved {
  version: string
  image: string
  components: PxcComponentImages
  backup?: MysqlBackup
  restorePhase: RestorePhase
  /** Set while a restore is still to come (phase pending or start). */
  restore?: MysqlRestore
}

export type MysqlResolution = { problems: SpecProblem[]; resolved?: MysqlResolved }

/**
 * Minor images move with the catalog; a major version change is refused both
 * ways: the operator documents no in-place 8.0 → 8.4 upgrade (child-operators
 * §3d), so the way there is a new cluster cloned from this one.
 */
function versionProblems(input: ClusterInput, version: string): SpecProblem[] {
  const pxc = observedPxc(input)
  const before = pxc === undefined ? undefined : stringField(lastApplied(pxc), 'metadata', 'annotations', VERSION_ANNOTATION)
  const downgrade = downgradeProblem('mysql', before, version)
  if (downgrade !== undefined) return [downgrade]
  if (before !== undefined && majorOf(before) !== majorOf(version)) {
    return [{ reason: 'UnsupportedUpgrade', message: `mysql cannot move from ${before} to ${version} in place (no operator procedure for a major upgrade): create a new DatabaseCluster with version ${version} and dataSource.clusterName: ${input.cluster.name}` }]
  }
  return []
}

function problemOf<T>(lookup: Lookup<T>): SpecProblem[] {
  return lookup.ok ? [] : [{ reason: lookup.reason, message: lookup.message }]
}

export function resolveMysql(input: ClusterInput): MysqlResolution {
  const { spec } = input.cluster
  const version = resolveCatalogVersion('mysql', input.ctx.config.images, spec.version)
  if (!version.ok) return { problems: [{ reason: version.reason, message: version.message }] }
  const components = componentImages(version.value.version)
  if (components === undefined) {
    return { problems: [{ reason: 'UnsupportedVersion', message: `mysql ${version.value.version}: operator 1.19 ships proxy and backup images for ${knownMajors().join(', ')} only` }] }
  }
  const backup = resolveBackup(input)
  const phase = restorePhase(input)
  const ds = spec.dataSource
  const restore = ds !== undefined && needsRestoreSource(phase) ? resolveRestore(input, ds) : undefined
  const problems = [...versionProblems(input, version.value.version), ...specProblems(spec), ...problemOf(backup), ...(restore === undefined ? [] : problemOf(restore))]
  if (problems.length > 0 || !backup.ok || (restore !== undefined && !restore.ok)) return { problems }
  const resolved: MysqlResolved = { ...version.value, components, restorePhase: phase }
  if (backup.value !== undefined) resolved.backup = backup.value
  if (restore !== undefined) resolved.restore = restore.value
  return { problems: [], resolved }
}
