/**
 * The MongoDB children: the PerconaServerMongoDB, the copied backup
 * credentials, and — the second step of an in-place restore — the Restore,
 * emitted only once the cluster is ready and never a second time (see
 * providers/mysql/desired.ts for why).
 */
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import { buildCredentialsSecret } from '../shared/credentials-secret.js'
import { HookError } from '../shared/errors.js'
import type { KObject } from '../shared/kube.js'
import { clusterLabels } from '../shared/labels.js'
import { findObject, lastApplied, stringField } from '../shared/observed.js'
import { PSMDB_API, PSMDB_RESTORE_TYPE } from './child-types.js'
import { mongoNames } from './names.js'
import { buildPsmdb } from './psmdb.js'
import { type MongoResolved, observedPsmdb, resolveMongo } from './resolve.js'

export function observedRestore(input: ClusterInput): KObject | undefined {
  return findObject(input.children, PSMDB_RESTORE_TYPE.apiVersion, PSMDB_RESTORE_TYPE.kind, mongoNames.restore(input.cluster.name), input.cluster.namespace)
}

export function restoreRecorded(input: ClusterInput): boolean {
  const ds = input.cluster.status.dataSource
  return typeof ds === 'object' && ds !== null && (ds as { applied?: unknown }).applied === true
}

function restoreChild(input: ClusterInput, r: MongoResolved): KObject[] {
  const observed = observedRestore(input)
  if (observed !== undefined) return [lastApplied(observed)]
  if (r.restore === undefined || restoreRecorded(input)) return []
  if (stringField(observedPsmdb(input), 'status', 'state') !== 'ready') return []
  return [{ apiVersion: PSMDB_API, kind: 'PerconaServerMongoDBRestore', metadata: { name: mongoNames.restore(input.cluster.name), namespace: input.cluster.namespace, labels: clusterLabels(input.cluster.name, 'mongodb', 'restore') }, spec: r.restore.spec }]
}

export function desiredMongo(input: ClusterInput): KObject[] {
  const { resolved, problems } = resolveMongo(input)
  if (resolved === undefined) throw new HookError('UnresolvedSpec', problems.map((p) => p.message).join('; '))
  const { name, namespace } = input.cluster
  const secret = resolved.storage?.credentials === undefined ? [] : [buildCredentialsSecret(mongoNames.backupCredentials(name), namespace, clusterLabels(name, 'mongodb', 'backup'), resolved.storage.credentials)]
  return [buildPsmdb(input.cluster, resolved), ...secret, ...restoreChild(input, resolved)]
}
