/**
 * Everything the Kafka pipeline needs that is not in the spec itself: the
 * version and image, the node pool layout and the broker config, and what
 * Strimzi cannot do (backups, restores, a proxy, stopping). Problems found
 * here block the sync with a reason in status; the children stay as applied.
 */
import { capabilitiesOf } from '../../api/capabilities.js'
import type { ClusterInput, SpecProblem } from '../database-cluster/engine-provider.js'
import { downgradeProblem } from '../shared/catalog.js'
import { lastApplied, stringField } from '../shared/observed.js'
import { brokerConfig, replicationProblems, strimziOwnedKeys } from './config.js'
import { type PoolPlan, resolveLayout } from './layout.js'
import { listenerPlans } from './listeners.js'
import { observedKafka } from './observed.js'
import { type KafkaVersion, resolveKafkaVersion } from './version.js'

export interface KafkaResolved extends KafkaVersion {
  pools: PoolPlan[]
  config: Record<string, string | number>
}

export type KafkaResolution = { problems: SpecProblem[]; resolved?: KafkaResolved }

const unsupported = (message: string): SpecProblem => ({ reason: 'UnsupportedFeature', message: `kafka: ${message}` })

/** What Strimzi has no equivalent for (the CRD's CEL rules refuse these too; a hook does not trust admission). */
function refusals(input: ClusterInput): SpecProblem[] {
  const { spec } = input.cluster
  const op = capabilitiesOf('kafka').operator
  const problems: SpecProblem[] = []
  if (spec.backup !== undefined) problems.push(unsupported(`has no backups in ${op}; copy topics to another cluster with MirrorMaker 2 instead`))
  if (spec.dataSource !== undefined) problems.push(unsupported(`cannot be created from a backup, a point in time or a clone in ${op}`))
  if (spec.proxy?.enabled === true) problems.push(unsupported('has no proxy; clients connect to the bootstrap endpoints'))
  if (spec.stopped) problems.push(unsupported(`cannot be stopped: ${op} has no way to pause the brokers`))
  if (spec.monitoring?.pmm !== undefined) problems.push(unsupported('monitoring.pmm is for the Percona engines; kafka exports metrics to Prometheus'))
  if (spec.monitoring?.enabled === true && !input.ctx.config.podMonitors) {
    problems.push({ reason: 'MonitoringNotInstalled', message: 'monitoring needs the PodMonitor kind (prometheus-operator), which this installation does not manage' })
  }
  return problems
}

function configProblems(input: ClusterInput, config: Record<string, string | number>): SpecProblem[] {
  const params = input.cluster.spec.config ?? []
  const owned = strimziOwnedKeys(params, listenerPlans(input.cluster.spec))
  const problems: SpecProblem[] = []
  if (owned.length > 0) problems.push({ reason: 'FixedParameter', message: `kafka: Strimzi manages ${owned.join(', ')} itself; remove them from config` })
  const replication = replicationProblems(config, input.cluster.spec.clusterSize)
  if (replication.length > 0) problems.push({ reason: 'InvalidConfig', message: `kafka: ${replication.join('; ')}` })
  return problems
}

function versionProblems(input: ClusterInput, version: string): SpecProblem[] {
  const observed = observedKafka(input)
  const before = observed === undefined ? undefined : stringField(lastApplied(observed), 'spec', 'kafka', 'version')
  const downgrade = downgradeProblem('kafka', before, version)
  return downgrade === undefined ? [] : [downgrade]
}

export function resolveKafka(input: ClusterInput): KafkaResolution {
  const version = resolveKafkaVersion(input.ctx.config.images.kafka, input.cluster.spec.version)
  const layout = resolveLayout(input)
  const config = brokerConfig(input.cluster.spec.clusterSize, input.cluster.spec.config ?? [])
  const problems = [
    ...refusals(input),
    ...(version.ok ? versionProblems(input, version.value.version) : [{ reason: version.reason, message: version.message }]),
    ...(layout.ok ? [] : [{ reason: layout.reason, message: layout.message }]),
    ...configProblems(input, config),
  ]
  if (problems.length > 0 || !version.ok || !layout.ok) return { problems }
  return { problems: [], resolved: { ...version.value, pools: layout.value, config } }
}
