/**
 * Checks that fail an OpsRequest at once: what the engine cannot do, what the
 * cluster's policy forbids, and parameters that cannot work against the
 * cluster as it is (a shrink, a downgrade, an unknown instance).
 */
import { capabilitiesOf } from '../../api/capabilities.js'
import type { Engine } from '../../api/database-cluster.js'
import type { ReconcileContext } from '../shared/context.js'
import type { KObject } from '../shared/kube.js'
import { field, stringField } from '../shared/observed.js'
import { compareQuantities } from '../../api/quantity.js'
import { compareVersions } from '../shared/versions.js'
import { isDeclarative } from './declarative.js'
import type { OpsObject } from './parse.js'

export interface Refusal {
  reason: string
  message: string
}

function instances(cluster: KObject): { name: string; role: string }[] {
  const roles = field(cluster, 'status', 'instanceRoles')
  return Array.isArray(roles) ? (roles as { name: string; role: string }[]) : []
}

function parameterRefusal(ops: OpsObject, cluster: KObject, engine: Engine, ctx: ReconcileContext): Refusal | undefined {
  const s = ops.spec
  const caps = capabilitiesOf(engine)
  if (s.type === 'HorizontalScaling' && !caps.sizes.includes(s.horizontalScaling?.replicas ?? 0)) {
    return { reason: 'InvalidSize', message: `${engine} runs ${caps.sizes.join(', ')} instances (${caps.sizeRule}), not ${s.horizontalScaling?.replicas ?? '?'}` }
  }
  if (s.type === 'VolumeExpansion') {
    const current = stringField(cluster, 'spec', 'storage') ?? '0'
    const cmp = compareQuantities(s.volumeExpansion?.storage ?? '0', current)
    if (cmp === undefined || cmp <= 0) return { reason: 'VolumeShrink', message: `volumes only grow: ${s.volumeExpansion?.storage ?? '?'} is not larger than ${current}` }
  }
  if (s.type === 'Upgrade') {
    const target = s.upgrade?.version ?? ''
    const known = Object.keys(ctx.config.images[engine])
    if (!known.includes(target)) return { reason: 'UnsupportedVersion', message: `${engine} ${target} is not in the catalog (known: ${known.join(', ')})` }
    const running = stringField(cluster, 'spec', 'version') ?? stringField(cluster, 'status', 'version')
    if (running !== undefined && compareVersions(target, running) < 0) return { reason: 'VersionDowngrade', message: `cannot go back from ${running} to ${target}` }
  }
  if (s.type === 'RebuildInstance') {
    const target = instances(cluster).find((i) => i.name === s.rebuildInstance?.instance)
    if (target === undefined) return { reason: 'InstanceNotFound', message: `${s.rebuildInstance?.instance ?? '?'} is not an instance of ${ops.spec.clusterRef}` }
    if (target.role === 'primary') return { reason: 'InstanceIsPrimary', message: `${target.name} is the primary: run a Switchover first` }
  }
  if (s.type === 'Switchover' && s.switchover?.instance !== undefined && !instances(cluster).some((i) => i.name === s.switchover?.instance && i.role !== 'primary')) {
    return { reason: 'InstanceNotFound', message: `${s.switchover.instance} is not a replica of ${ops.spec.clusterRef}` }
  }
  if (s.type === 'Restore' && engine === 'postgresql' && s.restore?.targetClusterName === undefined) {
    return { reason: 'RestoreNeedsTarget', message: 'CloudNativePG restores only into a new cluster: set restore.targetClusterName' }
  }
  if (s.type === 'Restore' && engine !== 'postgresql' && s.restore?.targetClusterName !== undefined) {
    return { reason: 'RestoreInPlaceOnly', message: `${engine} restores in place; to restore into a new cluster, create a DatabaseCluster with spec.dataSource` }
  }
  return undefined
}

export function refusal(ops: OpsObject, cluster: KObject, ctx: ReconcileContext): Refusal | undefined {
  const engine = stringField(cluster, 'spec', 'engine') as Engine | undefined
  if (engine === undefined || !['postgresql', 'mongodb', 'mysql', 'kafka'].includes(engine)) return { reason: 'UnknownEngine', message: `DatabaseCluster ${ops.spec.clusterRef} has no known engine` }
  if (!capabilitiesOf(engine).operations.includes(ops.spec.type)) {
    return { reason: 'UnsupportedOperation', message: `${engine} does not support ${ops.spec.type} (see \`dbaas explain\`)` }
  }
  if (isDeclarative(ops.spec.type) && stringField(cluster, 'spec', 'opsPolicy', 'declarativeOps') === 'Reject') {
    return { reason: 'RejectedByPolicy', message: `DatabaseCluster ${ops.spec.clusterRef} rejects spec-changing operations (opsPolicy.declarativeOps: Reject): change its spec in Git instead` }
  }
  return parameterRefusal(ops, cluster, engine, ctx)
}
