/**
 * Golden Metacontroller v2 requests and responses for MongoDB clusters. Each
 * scenario writes its request and the hook's response as YAML under
 * test/golden/mongodb/; CI fails when either drifts (regenerate with
 * `npx vitest run test/golden/mongodb.test.ts -u` and review the diff).
 * (test/golden/engines.test.ts writes four more scenarios into the same
 * folder under other names.)
 */
import { goldenSyncTests } from '../support/golden.js'
import { describe, expect, it } from 'vitest'
import { syncDatabaseCluster } from '../../providers/database-cluster/sync.js'
import type { CompositeSyncRequest, CompositeSyncResponse, KObject } from '../../providers/shared/kube.js'
import { CTX, LATER, databaseCluster, sync, syncRequest } from '../support/clusters.js'
import { applyChild } from '../support/metacontroller.js'
import { BACKUP, GCS_CLASS, GCS_SECRET, RELATED, backupObject, problemsOf, readyStatus, spec } from '../providers/mongodb/fixtures.js'

type Obj = Record<string, unknown>

const FULL = spec({
  version: '8.0',
  storage: '100Gi',
  storageClass: 'fast-ssd',
  resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { memory: '8Gi' } },
  config: [{ name: 'operationProfiling.mode', value: 'slowOp' }, { name: 'operationProfiling.slowOpThresholdMs', value: '200' }],
  proxy: { enabled: true, replicas: 2 },
  expose: { type: 'external', sourceRanges: ['10.0.0.0/8'] },
  monitoring: { enabled: true, pmm: { serverHost: 'pmm-server.monitoring.svc' } },
  scheduling: { antiAffinity: 'required', topologyKey: 'topology.kubernetes.io/zone', nodeSelector: { workload: 'databases' } },
  backup: { storageClassName: 'gcs-eu', schedules: [{ name: 'nightly', schedule: '0 2 * * *', retentionCopies: 14 }] },
})
const FULL_RELATED: KObject[] = [GCS_CLASS, GCS_SECRET, backupObject('cron-orders-20260101020000-1', 'orders', 'ready', '2026-01-01T02:00:21Z')]
const SHARDED_READY = readyStatus('orders', { host: '203.0.113.10:27017,203.0.113.11:27017', mongos: { size: 2, ready: 2, status: 'ready' }, ready: 8, size: 8, replsets: { ...(readyStatus('orders').replsets as Obj), cfg: { size: 3, ready: 3, status: 'ready', initialized: true } } })

const SOURCE = databaseCluster('orders', spec({ backup: BACKUP }))
const CLONE = databaseCluster('orders-copy', spec({ dataSource: { clusterName: 'orders', pointInTime: '2026-01-03T12:00:00Z' } }))
const CLONE_RELATED: KObject[] = [...RELATED, SOURCE, backupObject('cron-orders-1', 'orders', 'ready', '2026-01-02T02:00:00Z'), backupObject('cron-orders-2', 'orders', 'ready', '2026-01-04T02:00:00Z')]

/** Children as the API server holds them after the response was applied, with the operator's statuses. */
function observe(parent: KObject, response: CompositeSyncResponse, statusOf: (c: KObject) => Obj | undefined): KObject[] {
  return response.children.map((c, i) => applyChild(c, parent, statusOf(c), i + 1))
}

const psmdb = (status: Obj) => (c: KObject) => (c.kind === 'PerconaServerMongoDB' ? status : undefined)
const withRestore = (restore: Obj) => (c: KObject) => (c.kind === 'PerconaServerMongoDB' ? readyStatus('orders-copy') : c.kind === 'PerconaServerMongoDBRestore' ? restore : undefined)

function deleting(parent: KObject): KObject {
  return { ...parent, metadata: { ...parent.metadata, deletionTimestamp: '2026-01-02T00:00:00Z', finalizers: ['metacontroller.io/compositecontroller-dbaas-databasecluster'] } }
}

function scenarios(): { name: string; request: CompositeSyncRequest; ctx: typeof CTX }[] {
  const seed = databaseCluster('events', spec({ config: [{ name: 'operationProfiling.slowOpThresholdMs', value: '200' }] }))
  const full = databaseCluster('orders', FULL)
  const first = sync(full, [], FULL_RELATED)
  const running = { ...full, status: first.status }
  const healthy = observe(full, first, psmdb(SHARDED_READY))
  const cloneFirst = sync(CLONE, [], CLONE_RELATED)
  const cloneReady = observe(CLONE, cloneFirst, psmdb(readyStatus('orders-copy')))
  const restoreCreated = sync(CLONE, cloneReady, CLONE_RELATED)
  const restoreRunning = observe(CLONE, restoreCreated, withRestore({ state: 'running', pbmName: '2026-01-05T10:00:00.123Z' }))
  const restoreDone = observe(CLONE, restoreCreated, withRestore({ state: 'ready', pbmName: '2026-01-05T10:00:00.123Z', completed: '2026-01-05T10:20:00Z', pitrTarget: '2026-01-03T12:00:00' }))
  const cloneStatus = sync(CLONE, restoreRunning, CLONE_RELATED).status
  const clone = { ...CLONE, status: cloneStatus }
  const noFront = restoreDone.filter((c) => c.kind !== 'PerconaServerMongoDBRestore')
  return [
    { name: 'first-sync-replset', request: syncRequest(seed), ctx: CTX },
    { name: 'first-sync-sharded', request: syncRequest(full, [], FULL_RELATED), ctx: CTX },
    { name: 'steady-state-sharded', request: syncRequest(running, healthy, FULL_RELATED), ctx: LATER },
    { name: 'operator-error', request: syncRequest(running, observe(full, first, psmdb({ state: 'error', message: 'Error: reconcile statefulsets: create mongos: admission webhook denied the request' })), FULL_RELATED), ctx: LATER },
    { name: 'downgrade-refused-keeps-children', request: syncRequest(databaseCluster('orders', { ...FULL, version: '7.0' }, { generation: 2, status: first.status }), healthy, FULL_RELATED), ctx: LATER },
    { name: 'clone-waits-for-the-cluster', request: syncRequest(CLONE, observe(CLONE, cloneFirst, psmdb({ state: 'initializing' })), CLONE_RELATED), ctx: CTX },
    { name: 'clone-creates-the-restore', request: syncRequest(CLONE, cloneReady, CLONE_RELATED), ctx: CTX },
    { name: 'clone-restore-running', request: syncRequest(clone, restoreRunning, CLONE_RELATED), ctx: LATER },
    { name: 'clone-restore-done', request: syncRequest(clone, restoreDone, CLONE_RELATED), ctx: LATER },
    { name: 'finalize-front-first', request: syncRequest(deleting(clone), restoreDone, CLONE_RELATED, true), ctx: LATER },
    { name: 'finalize-data-next', request: syncRequest(deleting(clone), noFront, CLONE_RELATED, true), ctx: LATER },
    { name: 'finalize-support-last', request: syncRequest(deleting(running), healthy.filter((c) => c.kind === 'Secret'), FULL_RELATED, true), ctx: LATER },
    { name: 'finalize-done', request: syncRequest(deleting(clone), [], CLONE_RELATED, true), ctx: LATER },
  ]
}

describe('golden MongoDB sync and finalize', () => {
  goldenSyncTests('mongodb', scenarios(), (response) => {
    expect(problemsOf(response.children)).toEqual([])
  })

  it('the scenarios say what their names say', () => {
    const r = Object.fromEntries(scenarios().map((s) => [s.name, syncDatabaseCluster(s.request, s.ctx)]))
    const kinds = (name: string) => r[name]!.children.map((c) => `${c.kind}/${c.metadata.name}`)
    const status = (name: string) => r[name]!.status as Obj
    expect(kinds('first-sync-sharded')).toEqual(['PerconaServerMongoDB/orders', 'Secret/orders-backup-credentials'])
    expect(status('steady-state-sharded')).toMatchObject({ phase: 'Ready', primary: 'orders-rs0-0', backup: { lastSuccessfulBackup: '2026-01-01T02:00:21Z' } })
    expect(status('operator-error')).toMatchObject({ phase: 'Failed', engine: { phase: 'error' } })
    expect(r['downgrade-refused-keeps-children']!.children).toEqual(r['first-sync-sharded']!.children)
    expect(kinds('clone-waits-for-the-cluster')).toEqual(['PerconaServerMongoDB/orders-copy'])
    expect(status('clone-waits-for-the-cluster')).toMatchObject({ phase: 'Restoring', dataSource: { applied: false } })
    expect(kinds('clone-creates-the-restore')).toEqual(['PerconaServerMongoDB/orders-copy', 'PerconaServerMongoDBRestore/orders-copy-restore'])
    expect(r['clone-creates-the-restore']!.children[1]!.spec).toMatchObject({ backupSource: { destination: 's3://db-backups/prod/team-a/orders/2026-01-02T02:00:00Z' }, pitr: { type: 'date', date: '2026-01-03 12:00:00' } })
    expect(status('clone-restore-running')).toMatchObject({ phase: 'Restoring', dataSource: { applied: true } })
    expect(status('clone-restore-done')).toMatchObject({ phase: 'Ready', dataSource: { applied: true, source: 'DatabaseCluster orders at 2026-01-03T12:00:00Z' } })
    expect(kinds('finalize-front-first')).toEqual(['PerconaServerMongoDB/orders-copy'])
    expect(r['finalize-front-first']!.finalized).toBe(false)
    expect(kinds('finalize-data-next')).toEqual([])
    expect(r['finalize-data-next']!.finalized).toBe(false)
    expect(kinds('finalize-support-last')).toEqual([])
    expect(r['finalize-support-last']!.finalized).toBe(false)
    expect(r['finalize-done']!.finalized).toBe(true)
  })
})
