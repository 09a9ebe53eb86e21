/**
 * Realistic steady-state requests for benchmarks: a production-shaped
 * DatabaseCluster whose children Metacontroller already applied (with
 * last-applied annotations and managedFields) and that report operator status.
 */
import { syncDatabaseCluster } from '../providers/database-cluster/sync.js'
import type { CompositeSyncRequest, KObject } from '../providers/shared/kube.js'
import { CTX, S3_CLASS, S3_SECRET, databaseCluster, syncRequest } from '../test/support/clusters.js'
import { applyChild } from '../test/support/metacontroller.js'

const HEALTHY = {
  instances: 3,
  readyInstances: 3,
  phase: 'Cluster in healthy state',
  currentPrimary: 'orders-1',
  instanceNames: ['orders-1', 'orders-2', 'orders-3'],
  instancesStatus: { healthy: ['orders-1', 'orders-2', 'orders-3'] },
  image: 'ghcr.io/cloudnative-pg/postgresql:17.10-system-trixie',
  conditions: [{ type: 'Ready', status: 'True', reason: 'ClusterIsReady', message: 'Cluster is Ready', lastTransitionTime: '2026-01-01T00:05:00Z' }],
}

/**
 * A steady-state sync request; `configSize` parameters, `extraRelated` other
 * objects and `extraChildren` stale observed children (ScheduledBackups of
 * schedules since removed, which the answer drops) for scaling runs.
 * `variant` changes one config value, so that requests differ in their spec.
 */
export function steadyStateRequest(configSize = 10, extraRelated = 0, extraChildren = 0, variant = 0): CompositeSyncRequest {
  const config = Array.from({ length: configSize }, (_, i) => ({ name: `custom.param_${i}`, value: String(i === 0 ? i + variant : i) }))
  const spec = {
    engine: 'postgresql',
    version: '17',
    clusterSize: 3,
    storage: '50Gi',
    config,
    proxy: { enabled: true, poolMode: 'transaction' },
    monitoring: { enabled: true },
    backup: { storageClassName: 's3-default', schedules: [{ name: 'nightly', schedule: '0 2 * * *' }] },
  }
  const parent = databaseCluster('orders', spec)
  const related: KObject[] = [S3_CLASS, S3_SECRET]
  for (let i = 0; i < extraRelated; i++) {
    related.push({ apiVersion: 'dbaas.io/v1alpha1', kind: 'OpsRequest', metadata: { name: `op-${i}`, namespace: 'team-a', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { clusterRef: 'orders', type: 'Restart' }, status: { phase: 'Succeeded' } })
  }
  const first = syncDatabaseCluster(syncRequest(parent, [], related), CTX)
  const children = first.children.map((c, i) => applyChild(c, parent, c.kind === 'Cluster' ? HEALTHY : undefined, i + 1))
  const template = first.children.find((c) => c.kind === 'ScheduledBackup')
  for (let i = 0; template !== undefined && i < extraChildren; i++) {
    const stale = { ...template, metadata: { ...template.metadata, name: `orders-stale-${i}` } }
    children.push(applyChild(stale, parent, undefined, 100 + i))
  }
  return syncRequest({ ...parent, status: first.status }, children, related)
}
