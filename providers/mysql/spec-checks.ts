/**
 * What the Percona XtraDB Cluster operator cannot do with a spec, found
 * before anything is emitted. The capability table drives the CRD's CEL rules
 * too, but a hook does not trust admission.
 */
import { capabilitiesOf } from '../../api/capabilities.js'
import type { DatabaseClusterSpec } from '../../api/database-cluster.js'
import type { SpecProblem } from '../database-cluster/engine-provider.js'
import { parameterProblems } from './parameters.js'

const CAPS = capabilitiesOf('mysql')

function capabilityProblems(spec: DatabaseClusterSpec): SpecProblem[] {
  const problems: SpecProblem[] = []
  if (!CAPS.sizes.includes(spec.clusterSize)) {
    problems.push({ reason: 'UnsupportedSize', message: `mysql runs ${CAPS.sizes.join(', ')} nodes (${CAPS.sizeRule}), not ${spec.clusterSize}` })
  }
  const type = spec.proxy?.type
  if (type !== undefined && !CAPS.proxies.includes(type)) {
    problems.push({ reason: 'UnsupportedProxy', message: `mysql uses ${CAPS.proxies.join(' or ')}, not ${type}` })
  }
  if (spec.proxy?.poolMode !== undefined || (spec.proxy?.config ?? []).length > 0) {
    problems.push({ reason: 'UnsupportedProxySetting', message: 'proxy.poolMode and proxy.config are PgBouncer settings; HAProxy and ProxySQL take the operator\'s configuration' })
  }
  if (spec.dedicatedControllers !== undefined) {
    problems.push({ reason: 'UnsupportedSetting', message: 'dedicatedControllers applies to kafka only: Galera has no separate metadata quorum' })
  }
  return problems
}

/**
 * Without a proxy, clients reach the nodes' headless Service and there is no
 * single address to expose; PMM has no PodMonitor to label, and needs a server.
 */
function exposureProblems(spec: DatabaseClusterSpec): SpecProblem[] {
  const problems: SpecProblem[] = []
  if (spec.expose?.type === 'external' && spec.proxy?.enabled !== true) {
    problems.push({ reason: 'ExposureNeedsProxy', message: 'mysql is exposed through its proxy: enable proxy (haproxy or proxysql) for expose.type external' })
  }
  const m = spec.monitoring
  if (m?.enabled === true && m.pmm === undefined) {
    problems.push({ reason: 'MonitoringNeedsPMM', message: 'mysql is monitored through PMM: set monitoring.pmm.serverHost (and the key pmmservertoken in the cluster\'s system users Secret)' })
  }
  if (m?.enabled === true && Object.keys(m.labels ?? {}).length > 0) {
    problems.push({ reason: 'UnsupportedMonitoringSetting', message: 'mysql is monitored through PMM, which has no PodMonitor to label: remove monitoring.labels' })
  }
  return problems
}

export function specProblems(spec: DatabaseClusterSpec): SpecProblem[] {
  return [...capabilityProblems(spec), ...exposureProblems(spec), ...parameterProblems(spec.config ?? [])]
}
