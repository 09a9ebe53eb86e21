/**
 * OpsRequests on CloudNativePG, done the way CloudNativePG expects
 * (child-operators.md §1d): restart by the restartedAt annotation (what
 * `kubectl cnpg restart` does), switchover by patching the Cluster's status
 * targetPrimary (what `kubectl cnpg promote` does), rebuild by deleting the
 * instance's PVCs and Pod (what `kubectl cnpg destroy` does), backups as
 * plugin Backup objects, restores into a new cluster.
 */
import type { PlanStep } from '../../../api/ops-plan.js'
import { field } from '../../shared/observed.js'
import { BARMAN_PLUGIN, CNPG_API } from '../../postgresql/child-types.js'
import { restoreIntoNewCluster } from './restore-cluster.js'
import { type EngineOps, type ImperativeInput, type Steps, ref, refuse } from './types.js'

function cnpgCluster(input: ImperativeInput): PlanStep['target'] {
  return ref(CNPG_API, 'Cluster', 'clusters', input.cluster.metadata.name, input.ops.namespace)
}

function switchoverTarget(input: ImperativeInput): string | undefined {
  const wanted = input.ops.spec.switchover?.instance
  if (wanted !== undefined) return wanted
  const roles = field(input.cluster, 'status', 'instanceRoles')
  const replicas = Array.isArray(roles) ? (roles as { name: string; role: string; state: string }[]).filter((r) => r.role === 'replica' && r.state === 'healthy') : []
  return replicas.map((r) => r.name).sort()[0]
}

function backupObject(input: ImperativeInput): PlanStep {
  const name = input.ops.spec.backup?.name ?? input.ops.name
  return {
    action: 'create',
    target: ref(CNPG_API, 'Backup', 'backups', name, input.ops.namespace),
    object: {
      apiVersion: CNPG_API,
      kind: 'Backup',
      metadata: { name, namespace: input.ops.namespace, labels: { 'dbaas.io/cluster': input.cluster.metadata.name, 'dbaas.io/ops-request': input.ops.name } },
      spec: { cluster: { name: input.cluster.metadata.name }, method: 'plugin', pluginConfiguration: { name: BARMAN_PLUGIN }, target: 'prefer-standby' },
    },
    ignoreExisting: true,
  }
}

export const postgresqlOps: EngineOps = (input): Steps => {
  const { ops } = input
  const ns = ops.namespace
  switch (ops.spec.type) {
    case 'Restart':
      return { ok: true, steps: [{ action: 'mergePatch', target: cnpgCluster(input), patch: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': input.startTime } } } }] }
    case 'Switchover': {
      const target = switchoverTarget(input)
      if (target === undefined) return refuse('NoHealthyReplica', 'there is no healthy replica to switch over to')
      const status = { targetPrimary: target, targetPrimaryTimestamp: input.startTime, phase: 'Switchover in progress', phaseReason: `Switching over to ${target} (OpsRequest ${ops.name})` }
      return { ok: true, steps: [{ action: 'mergePatch', target: cnpgCluster(input), subresource: 'status', patch: { status } }] }
    }
    case 'RebuildInstance': {
      const pod = ops.spec.rebuildInstance?.instance ?? ''
      const pvc = (name: string): PlanStep => ({ action: 'delete', target: ref('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', name, ns), ignoreNotFound: true })
      return { ok: true, steps: [pvc(pod), pvc(`${pod}-wal`), { action: 'delete', target: ref('v1', 'Pod', 'pods', pod, ns), ignoreNotFound: true }] }
    }
    case 'Backup':
      if (field(input.cluster, 'spec', 'backup') === undefined) return refuse('BackupNotConfigured', `DatabaseCluster ${input.cluster.metadata.name} has no spec.backup: configure where backups go first`)
      return { ok: true, steps: [backupObject(input)] }
    case 'Restore':
      return { ok: true, steps: [restoreIntoNewCluster(ops, input.cluster, ops.spec.restore?.targetClusterName ?? '')] }
    case 'Custom':
      return { ok: true, steps: [{ action: 'mergePatch', target: cnpgCluster(input), patch: { metadata: { annotations: ops.spec.custom?.annotations ?? {} } } }] }
    default:
      return refuse('UnsupportedOperation', `${ops.spec.type} is not an imperative operation`)
  }
}
