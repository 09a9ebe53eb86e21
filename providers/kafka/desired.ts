/** The Kafka children, and what the engine refuses (Strimzi has no backups, restores, proxy or stop). */
import { capabilitiesOf } from '../../api/capabilities.js'
import type { ClusterInput, SpecProblem } from '../database-cluster/engine-provider.js'
import { downgradeProblem, resolveCatalogVersion } from '../shared/catalog.js'
import { HookError } from '../shared/errors.js'
import type { KObject } from '../shared/kube.js'
import { clusterLabels } from '../shared/labels.js'
import { findObject, lastApplied, stringField } from '../shared/observed.js'
import { KAFKA_TYPE, MONITORING_API } from './child-types.js'
import { buildKafka } from './kafka.js'
import { buildNodePool, poolPlans } from './pools.js'

export function observedKafka(input: ClusterInput): KObject | undefined {
  return findObject(input.children, KAFKA_TYPE.apiVersion, KAFKA_TYPE.kind, input.cluster.name, input.cluster.namespace)
}

function refusals(input: ClusterInput): SpecProblem[] {
  const { spec } = input.cluster
  const op = capabilitiesOf('kafka').operator
  const problems: SpecProblem[] = []
  if (spec.backup !== undefined) problems.push({ reason: 'UnsupportedFeature', message: `kafka has no backups in ${op}: mirror topics to another cluster (MirrorMaker 2) instead` })
  if (spec.dataSource !== undefined) problems.push({ reason: 'UnsupportedFeature', message: `kafka cannot be created from a backup or a clone in ${op}` })
  if (spec.proxy?.enabled === true) problems.push({ reason: 'UnsupportedFeature', message: 'kafka has no proxy; clients use the bootstrap endpoints' })
  if (spec.stopped) problems.push({ reason: 'UnsupportedFeature', message: `kafka cannot be stopped: ${op} has no way to pause brokers` })
  if (spec.monitoring?.enabled === true && !input.ctx.config.podMonitors) problems.push({ reason: 'MonitoringNotInstalled', message: 'monitoring needs the PodMonitor kind (prometheus-operator), which this installation does not manage' })
  return problems
}

export function resolveKafka(input: ClusterInput): { problems: SpecProblem[]; version?: string } {
  const version = resolveCatalogVersion('kafka', input.ctx.config.images, input.cluster.spec.version)
  if (!version.ok) return { problems: [version] }
  const observed = observedKafka(input)
  const before = observed === undefined ? undefined : stringField(lastApplied(observed), 'spec', 'kafka', 'version')
  const downgrade = downgradeProblem('kafka', before, version.value.version)
  const problems = [...refusals(input), ...(downgrade === undefined ? [] : [downgrade])]
  return problems.length > 0 ? { problems } : { problems, version: version.value.version }
}

export function desiredKafka(input: ClusterInput): KObject[] {
  const { problems, version } = resolveKafka(input)
  if (version === undefined) throw new HookError('UnresolvedSpec', problems.map((p) => p.message).join('; '))
  const c = input.cluster
  const children = [buildKafka(c, version), ...poolPlans(c).map((p) => buildNodePool(c, p))]
  if (c.spec.monitoring?.enabled === true) {
    children.push({
      apiVersion: MONITORING_API,
      kind: 'PodMonitor',
      metadata: { name: c.name, namespace: c.namespace, labels: { ...clusterLabels(c.name, 'kafka', 'monitoring'), ...(c.spec.monitoring.labels ?? {}) } },
      spec: { selector: { matchLabels: { 'strimzi.io/cluster': c.name, 'strimzi.io/kind': 'Kafka' } }, podMetricsEndpoints: [{ path: '/metrics', port: 'tcp-prometheus' }] },
    })
  }
  return children
}
