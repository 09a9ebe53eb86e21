/**
 * What the spec asks of MongoDB that the Percona operator cannot do, checked
 * in the hook as well as at admission (the CRD's CEL rules come from the same
 * capability table, but a hook does not trust its input).
 */
import { capabilitiesOf } from '../../api/capabilities.js'
import type { ClusterInput, SpecProblem } from '../database-cluster/engine-provider.js'
import { confProblems } from './mongod-conf.js'

const CAPS = capabilitiesOf('mongodb')

function capabilityProblems(input: ClusterInput): SpecProblem[] {
  const { spec } = input.cluster
  const problems: SpecProblem[] = []
  if (!CAPS.sizes.includes(spec.clusterSize)) {
    problems.push({ reason: 'UnsupportedSize', message: `mongodb clusterSize must be one of ${CAPS.sizes.join(', ')} (${CAPS.sizeRule}), not ${spec.clusterSize}` })
  }
  if (spec.proxy?.type !== undefined && !CAPS.proxies.includes(spec.proxy.type)) {
    problems.push({ reason: 'UnsupportedProxy', message: `mongodb uses mongos, not ${spec.proxy.type}` })
  }
  if (spec.proxy?.poolMode !== undefined) {
    problems.push({ reason: 'UnsupportedProxySetting', message: 'proxy.poolMode is a PgBouncer setting; mongos has no pool mode' })
  }
  if (spec.backup?.retentionDays !== undefined) {
    problems.push({ reason: 'UnsupportedBackupSetting', message: 'mongodb retention counts backups: use backup.schedules[].retentionCopies, not retentionDays' })
  }
  return problems
}

function monitoringProblems(input: ClusterInput): SpecProblem[] {
  const m = input.cluster.spec.monitoring
  if (m?.enabled !== true) return []
  const problems: SpecProblem[] = []
  if (m.pmm === undefined) {
    problems.push({ reason: 'MonitoringNeedsPMM', message: 'mongodb is monitored through PMM: set monitoring.pmm.serverHost (and PMM_SERVER_TOKEN in the cluster\'s users Secret)' })
  }
  if (m.labels !== undefined) {
    problems.push({ reason: 'UnsupportedMonitoringSetting', message: 'monitoring.labels label a PodMonitor; mongodb reports to PMM and has none' })
  }
  return problems
}

export function specProblems(input: ClusterInput): SpecProblem[] {
  const { spec } = input.cluster
  return [
    ...capabilityProblems(input),
    ...monitoringProblems(input),
    ...confProblems(spec.config, 'config'),
    ...(spec.proxy?.enabled === true ? confProblems(spec.proxy.config, 'proxy.config') : []),
  ]
}
