/**
 * Golden Metacontroller v2 requests and responses for the DatabaseCluster
 * controller. Each scenario writes its request and the hook's response as
 * YAML under test/golden/databasecluster/; CI fails when either drifts
 * (regenerate with `npm run test:update` and review the diff).
 */
import { goldenSyncTests } from '../support/golden.js'
import { describe, expect, it } from 'vitest'
import { syncDatabaseCluster } from '../../providers/database-cluster/sync.js'
import type { CompositeSyncRequest, KObject } from '../../providers/shared/kube.js'
import { CTX, LATER, S3_CLASS, S3_SECRET, SEED_SPEC, databaseCluster, sync, syncRequest } from '../support/clusters.js'
import { applyChild } from '../support/metacontroller.js'

const HEALTHY = {
  instances: 3,
  readyInstances: 3,
  phase: 'Cluster in healthy state',
  currentPrimary: 'orders-1',
  targetPrimary: 'orders-1',
  instanceNames: ['orders-1', 'orders-2', 'orders-3'],
  instancesStatus: { healthy: ['orders-1', 'orders-2', 'orders-3'] },
  image: 'ghcr.io/cloudnative-pg/postgresql:17.10-system-trixie',
  conditions: [
    { type: 'Ready', status: 'True', reason: 'ClusterIsReady', message: 'Cluster is Ready', lastTransitionTime: '2026-01-01T00:05:00Z' },
    { type: 'ContinuousArchiving', status: 'True', reason: 'ContinuousArchivingSuccess', message: 'Continuous archiving is working', lastTransitionTime: '2026-01-01T00:05:00Z' },
  ],
}
const WINDOW = { serverRecoveryWindow: { orders: { firstRecoverabilityPoint: '2026-01-01T00:06:00Z', lastSuccessfulBackupTime: '2026-01-01T00:07:00Z' } } }
const POOLER = { phase: 'active', instances: 2 }

const FULL_SPEC = {
  ...SEED_SPEC,
  version: '17',
  storageClass: 'fast-ssd',
  resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '2Gi' } },
  proxy: { enabled: true, poolMode: 'transaction' },
  monitoring: { enabled: true },
  scheduling: { antiAffinity: 'required' },
  backup: { storageClassName: 's3-default', retentionDays: 14, schedules: [{ name: 'nightly', schedule: '0 2 * * *' }] },
}

function statusOf(child: KObject): Record<string, unknown> | undefined {
  if (child.kind === 'Cluster') return HEALTHY
  if (child.kind === 'ObjectStore') return WINDOW
  if (child.kind === 'Pooler') return POOLER
  return undefined
}

function observedAfterFirstSync(parent: KObject, related: KObject[]): { children: KObject[]; status: Record<string, unknown> } {
  const first = sync(parent, [], related)
  return { children: first.children.map((c, i) => applyChild(c, parent, statusOf(c), i + 1)), status: first.status }
}

function deleting(parent: KObject): KObject {
  return { ...parent, metadata: { ...parent.metadata, deletionTimestamp: '2026-01-02T00:00:00Z', finalizers: ['metacontroller.io/compositecontroller-dbaas-databasecluster'] } }
}

function scenarios(): { name: string; request: CompositeSyncRequest; ctx: typeof CTX }[] {
  const related = [S3_CLASS, S3_SECRET]
  const seed = databaseCluster('postgresql-demo', SEED_SPEC)
  const full = databaseCluster('orders', FULL_SPEC)
  const steady = observedAfterFirstSync(full, related)
  const fullWithStatus = { ...full, status: steady.status }
  const noFront = steady.children.filter((c) => !['Pooler', 'PodMonitor', 'ScheduledBackup'].includes(c.kind))
  const supportOnly = noFront.filter((c) => c.kind !== 'Cluster')
  const restore = databaseCluster('orders-restored', { ...SEED_SPEC, dataSource: { backupSource: { storageClassName: 's3-default', serverName: 'orders' }, pointInTime: '2026-01-01T12:00:00Z' } })
  return [
    { name: 'first-sync-seed', request: syncRequest(seed), ctx: CTX },
    { name: 'first-sync-full', request: syncRequest(full, [], related), ctx: CTX },
    { name: 'steady-state-healthy', request: syncRequest(fullWithStatus, steady.children, related), ctx: LATER },
    { name: 'restore-point-in-time', request: syncRequest(restore, [], related), ctx: CTX },
    { name: 'invalid-spec-keeps-children', request: syncRequest(databaseCluster('orders', { ...FULL_SPEC, version: '99' }, { generation: 2, status: steady.status }), steady.children, related), ctx: LATER },
    { name: 'storage-class-missing-keeps-children', request: syncRequest(databaseCluster('orders', FULL_SPEC, { generation: 2, status: steady.status }), steady.children, []), ctx: LATER },
    { name: 'finalize-front-first', request: syncRequest(deleting(fullWithStatus), steady.children, related, true), ctx: LATER },
    { name: 'finalize-data-next', request: syncRequest(deleting(fullWithStatus), noFront, related, true), ctx: LATER },
    { name: 'finalize-support-last', request: syncRequest(deleting(fullWithStatus), supportOnly, related, true), ctx: LATER },
    { name: 'finalize-done', request: syncRequest(deleting(fullWithStatus), [], related, true), ctx: LATER },
  ]
}

describe('golden DatabaseCluster sync and finalize', () => {
  goldenSyncTests('databasecluster', scenarios())

  it('finalize removes front children first, then data, then support, and only then reports finalized', () => {
    const byName = Object.fromEntries(scenarios().map((s) => [s.name, syncDatabaseCluster(s.request, s.ctx)]))
    expect(byName['finalize-front-first']!.children.map((c) => c.kind).sort()).toEqual(['Cluster', 'ObjectStore', 'Secret'])
    expect(byName['finalize-front-first']!.finalized).toBe(false)
    expect(byName['finalize-data-next']!.children.map((c) => c.kind).sort()).toEqual(['ObjectStore', 'Secret'])
    expect(byName['finalize-support-last']!.children).toEqual([])
    expect(byName['finalize-support-last']!.finalized).toBe(false)
    expect(byName['finalize-done']!.finalized).toBe(true)
  })
})
