/**
 * The MySQL children: the PerconaXtraDBCluster, the copied backup
 * credentials, and — the second step of an in-place restore — the Restore,
 * emitted only once the cluster is ready and never a second time: once a
 * Restore was observed, or the status records it, a missing one is not
 * recreated (running it again would overwrite newer data).
 */
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import { buildCredentialsSecret } from '../shared/credentials-secret.js'
import { HookError } from '../shared/errors.js'
import type { KObject } from '../shared/kube.js'
import { clusterLabels } from '../shared/labels.js'
import { findObject, lastApplied, stringField } from '../shared/observed.js'
import { PXC_API, PXC_RESTORE_TYPE } from './child-types.js'
import { mysqlNames } from './names.js'
import { buildPxc } from './pxc.js'
import { type MysqlResolved, observedPxc, resolveMysql } from './resolve.js'

export function observedRestore(input: ClusterInput): KObject | undefined {
  return findObject(input.children, PXC_RESTORE_TYPE.apiVersion, PXC_RESTORE_TYPE.kind, mysqlNames.restore(input.cluster.name), input.cluster.namespace)
}

export function restoreRecorded(input: ClusterInput): boolean {
  const ds = input.cluster.status.dataSource
  return typeof ds === 'object' && ds !== null && (ds as { applied?: unknown }).applied === true
}

function restoreChild(input: ClusterInput, r: MysqlResolved): KObject[] {
  const observed = observedRestore(input)
  if (observed !== undefined) return [lastApplied(observed)]
  if (r.restore === undefined || restoreRecorded(input)) return []
  if (stringField(observedPxc(input), 'status', 'state') !== 'ready') return []
  return [{ apiVersion: PXC_API, kind: 'PerconaXtraDBClusterRestore', metadata: { name: mysqlNames.restore(input.cluster.name), namespace: input.cluster.namespace, labels: clusterLabels(input.cluster.name, 'mysql', 'restore') }, spec: r.restore.spec }]
}

export function desiredMysql(input: ClusterInput): KObject[] {
  const { resolved, problems } = resolveMysql(input)
  if (resolved === undefined) throw new HookError('UnresolvedSpec', problems.map((p) => p.message).join('; '))
  const { name, namespace } = input.cluster
  const secret = resolved.storage?.credentials === undefined ? [] : [buildCredentialsSecret(mysqlNames.backupCredentials(name), namespace, clusterLabels(name, 'mysql', 'backup'), resolved.storage.credentials)]
  return [buildPxc(input.cluster, resolved), ...secret, ...restoreChild(input, resolved)]
}
