/**
 * Golden Metacontroller v2 requests and responses for MySQL clusters on
 * Percona XtraDB Cluster. Each scenario writes its request and the hook's
 * response as YAML under test/golden/mysql/; CI fails when either drifts
 * (regenerate with `npx vitest run test/golden/mysql.test.ts -u` and review
 * the diff). The restore runs in place in steps: cluster first, Restore once
 * the cluster is ready, the Restore kept while it runs, never created again.
 */
import { goldenSyncTests, responsesByName } from '../support/golden.js'
import { describe, expect, it } from 'vitest'
import { syncDatabaseCluster } from '../../providers/database-cluster/sync.js'
import type { CompositeSyncRequest, KObject } from '../../providers/shared/kube.js'
import { CTX, LATER, S3_CLASS, S3_SECRET, databaseCluster, sync, syncRequest } from '../support/clusters.js'
import { applyChild } from '../support/metacontroller.js'
import { expectValidChild } from '../support/upstream-schemas.js'
import { BACKUP, healthy, pxcBackup, pxcProblems, pxcStatus, spec } from '../providers/mysql/fixtures.js'

type Obj = Record<string, unknown>

const FULL = spec({
  version: '8.4',
  storageClass: 'fast-ssd',
  resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '4Gi' } },
  proxy: { enabled: true, replicas: 2 },
  monitoring: { enabled: true, pmm: { serverHost: 'pmm.monitoring.svc' } },
  scheduling: { antiAffinity: 'required', tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] },
  backup: BACKUP,
})
const RESTORING = spec({ proxy: { enabled: true }, backup: BACKUP, dataSource: { backupName: 'shop-nightly-20260101', pointInTime: '2026-01-01T12:00:00Z' } })
const RELATED = [S3_CLASS, S3_SECRET]
const BACKUPS = [
  pxcBackup('shop-nightly-20260101', 'shop', 'Succeeded', '2026-01-01T02:10:00Z', { latestRestorableTime: '2026-01-01T12:30:00Z' }),
  pxcBackup('shop-nightly-20251231', 'shop', 'Succeeded', '2025-12-31T02:10:00Z'),
]
const GAP = { type: 'PITRReady', status: 'False', reason: 'BinlogGapDetected', message: 'Binlog with GTID set e41eb219-6cd8-11ed-94c8-9ebf697d3d20:21-22 not found', lastTransitionTime: '2026-01-01T03:00:00Z' }

function deleting(parent: KObject): KObject {
  return { ...parent, metadata: { ...parent.metadata, deletionTimestamp: '2026-01-02T00:00:00Z', finalizers: ['metacontroller.io/compositecontroller-dbaas-databasecluster'] } }
}

function observed(parent: KObject, related: KObject[], statusOf: (c: KObject) => Obj | undefined = healthy, children: KObject[] = []): KObject[] {
  return sync(parent, children, related).children.map((c, i) => applyChild(c, parent, statusOf(c), i + 1))
}

const restoreIs = (state: string) => (c: KObject): Obj | undefined => (c.kind === 'PerconaXtraDBClusterRestore' ? { state } : healthy(c))
const failedPxc = (c: KObject): Obj | undefined =>
  c.kind === 'PerconaXtraDBCluster' ? pxcStatus(c, { state: 'error', pxc: { size: 3, ready: 2, status: 'initializing' }, message: ['Error: reconcile: pxc: configmap shop-pxc: my.cnf: unknown variable \'max_conections=500\''] }) : undefined

function restoreScenarios(): { name: string; request: CompositeSyncRequest; ctx: typeof CTX }[] {
  const related = [...RELATED, ...BACKUPS]
  const fresh = databaseCluster('shop', RESTORING)
  const first = sync(fresh, [], related)
  const step1 = { ...fresh, status: first.status }
  const ready = observed(fresh, related)
  const second = syncDatabaseCluster(syncRequest(step1, ready, related), LATER)
  const step2 = { ...fresh, status: second.status }
  const running = second.children.map((c, i) => applyChild(c, fresh, restoreIs('Restoring')(c), i + 1))
  const gone = running.filter((c) => c.kind !== 'PerconaXtraDBClusterRestore')
  return [
    { name: 'restore-1-cluster-first', request: syncRequest(fresh, [], related), ctx: CTX },
    { name: 'restore-2-restore-once-ready', request: syncRequest(step1, ready, related), ctx: LATER },
    { name: 'restore-3-running-kept', request: syncRequest(step2, running, related), ctx: LATER },
    { name: 'restore-4-never-again', request: syncRequest(step2, gone, related), ctx: LATER },
    { name: 'finalize-front-first', request: syncRequest(deleting(step2), running, related, true), ctx: LATER },
    { name: 'finalize-data-next', request: syncRequest(deleting(step2), running.filter((c) => c.kind !== 'PerconaXtraDBClusterRestore'), related, true), ctx: LATER },
    { name: 'finalize-support-last', request: syncRequest(deleting(step2), running.filter((c) => c.kind === 'Secret'), related, true), ctx: LATER },
    { name: 'finalize-done', request: syncRequest(deleting(step2), [], related, true), ctx: LATER },
  ]
}

function scenarios(): { name: string; request: CompositeSyncRequest; ctx: typeof CTX }[] {
  const related = [...RELATED, ...BACKUPS]
  const full = databaseCluster('shop', FULL)
  const running = observed(full, related)
  const withStatus = { ...full, status: sync(full, [], related).status }
  const next = (changes: Obj, rel: KObject[] = related) => syncRequest(databaseCluster('shop', { ...FULL, ...changes }, { generation: 2, status: withStatus.status }), running, rel)
  return [
    { name: 'first-sync', request: syncRequest(databaseCluster('shop', spec())), ctx: CTX },
    { name: 'first-sync-full', request: syncRequest(full, [], RELATED), ctx: CTX },
    { name: 'steady-state-ready', request: syncRequest(withStatus, running, related), ctx: LATER },
    { name: 'operator-error', request: syncRequest(withStatus, observed(full, related, failedPxc), related), ctx: LATER },
    { name: 'binlog-gap', request: syncRequest(withStatus, running, [...RELATED, pxcBackup('shop-nightly-20260101', 'shop', 'Succeeded', '2026-01-01T02:10:00Z', { conditions: [GAP] })]), ctx: LATER },
    { name: 'stopped', request: next({ stopped: true }), ctx: LATER },
    { name: 'invalid-version-keeps-children', request: next({ version: '9.9' }), ctx: LATER },
    { name: 'storage-class-missing-keeps-children', request: next({}, []), ctx: LATER },
    ...restoreScenarios(),
  ]
}

const byName = () => responsesByName(scenarios())

describe('golden MySQL sync and finalize', () => {
  goldenSyncTests('mysql', scenarios(), (response) => {
    for (const child of response.children) expectValidChild(child)
    expect(pxcProblems(response.children)).toEqual([])
  })

  it('what each scenario must show', () => {
    const r = byName()
    const kinds = (name: string) => r[name]!.children.map((c) => `${c.kind}/${c.metadata.name}`)
    const status = (name: string) => r[name]!.status as Record<string, any>
    const ready = (name: string) => (status(name).conditions as Obj[]).find((c) => c.type === 'Ready')
    expect(kinds('first-sync')).toEqual(['PerconaXtraDBCluster/shop'])
    expect(kinds('first-sync-full')).toEqual(['PerconaXtraDBCluster/shop', 'Secret/shop-backup-credentials'])
    expect(status('steady-state-ready')).toMatchObject({ phase: 'Ready', ready: '3/3', backup: { lastSuccessfulBackup: '2026-01-01T02:10:00Z', continuousArchiving: 'True' } })
    expect(status('operator-error')).toMatchObject({ phase: 'Failed', engine: { phase: 'error' } })
    expect(status('binlog-gap').backup).toMatchObject({ continuousArchiving: 'False' })
    expect(status('stopped').phase).toBe('Stopping')
    for (const name of ['invalid-version-keeps-children', 'storage-class-missing-keeps-children']) {
      expect(kinds(name), name).toEqual(kinds('first-sync-full'))
      expect(status(name).phase, name).toBe('Pending')
    }
    expect(ready('storage-class-missing-keeps-children')).toMatchObject({ reason: 'StorageClassNotFound' })
    expect(kinds('restore-1-cluster-first')).toEqual(['PerconaXtraDBCluster/shop', 'Secret/shop-backup-credentials'])
    expect(status('restore-1-cluster-first')).toMatchObject({ phase: 'Restoring', dataSource: { applied: false } })
    expect(kinds('restore-2-restore-once-ready')).toEqual(['PerconaXtraDBCluster/shop', 'Secret/shop-backup-credentials', 'PerconaXtraDBClusterRestore/shop-restore'])
    expect(status('restore-2-restore-once-ready')).toMatchObject({ phase: 'Restoring', dataSource: { applied: true } })
    expect(kinds('restore-3-running-kept')).toEqual(kinds('restore-2-restore-once-ready'))
    expect(kinds('restore-4-never-again')).toEqual(['PerconaXtraDBCluster/shop', 'Secret/shop-backup-credentials'])
    expect(kinds('finalize-front-first').sort()).toEqual(['PerconaXtraDBCluster/shop', 'Secret/shop-backup-credentials'])
    expect(kinds('finalize-data-next')).toEqual(['Secret/shop-backup-credentials'])
    expect(r['finalize-support-last']!.children).toEqual([])
    expect(r['finalize-support-last']!.finalized).toBe(false)
    expect(r['finalize-done']!.finalized).toBe(true)
  })
})
