/**
 * The MongoDB version to run and its image, from the catalog. Never a
 * downgrade, and major versions one at a time (6.0 → 7.0 → 8.0), each only
 * once the previous one runs everywhere: the operator raises the feature
 * compatibility version after a rollout (upgradeOptions.setFCV), and the
 * next major needs it raised.
 */
import type { ClusterInput, SpecProblem } from '../database-cluster/engine-provider.js'
import { downgradeProblem, resolveCatalogVersion } from '../shared/catalog.js'
import { lastApplied, stringField } from '../shared/observed.js'
import { observedPsmdb } from './observed.js'

export const VERSION_ANNOTATION = 'dbaas.io/version'

const major = (version: string) => Number(version.split('.')[0])

function upgradeProblems(input: ClusterInput, before: string | undefined, to: string): SpecProblem[] {
  if (before === undefined || major(to) <= major(before)) return []
  if (major(to) > major(before) + 1) {
    return [{ reason: 'UnsupportedUpgrade', message: `mongodb upgrades one major version at a time: ${before} → ${to} skips one` }]
  }
  const running = stringField(observedPsmdb(input), 'status', 'mongoVersion')
  if (running === undefined || !running.startsWith(`${before}.`)) {
    return [{ reason: 'UpgradeInProgress', message: `mongodb ${before} is not running everywhere yet (the operator reports ${running ?? 'no version'}); upgrade to ${to} once it is` }]
  }
  return []
}

export function resolveVersion(input: ClusterInput): { problems: SpecProblem[]; value?: { version: string; image: string } } {
  const resolved = resolveCatalogVersion('mongodb', input.ctx.config.images, input.cluster.spec.version)
  if (!resolved.ok) return { problems: [{ reason: resolved.reason, message: resolved.message }] }
  const psmdb = observedPsmdb(input)
  const before = psmdb === undefined ? undefined : lastApplied(psmdb).metadata.annotations?.[VERSION_ANNOTATION]
  const { version } = resolved.value
  const downgrade = downgradeProblem('mongodb', before, version)
  const problems = downgrade === undefined ? upgradeProblems(input, before, version) : [downgrade]
  return problems.length > 0 ? { problems } : { problems, value: resolved.value }
}
