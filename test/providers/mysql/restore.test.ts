import { describe, expect, it } from 'vitest'
import type { KObject } from '../../../providers/shared/kube.js'
import { LAST_APPLIED } from '../../../providers/shared/observed.js'
import { applyChild } from '../../support/metacontroller.js'
import { LATER, S3_CLASS, S3_SECRET, child, condition, databaseCluster, sync } from '../../support/clusters.js'
import { expectValidChild } from '../../support/upstream-schemas.js'
import { BACKUP, applied, healthy, parent, pxcBackup, pxcProblems, pxcStatus, spec } from './fixtures.js'

type Obj = Record<string, any>

const NIGHTLY = pxcBackup('orders-nightly-1', 'orders', 'Succeeded', '2026-01-02T02:10:00Z')
const kinds = (children: KObject[]) => children.map((c) => `${c.kind}/${c.metadata.name}`)

/** Runs the restore's two steps: first sync, the cluster observed ready, the second sync. */
function twoSteps(p: KObject, related: KObject[]) {
  const first = sync(p, [], related)
  const observed = first.children.map((c, i) => applyChild(c, p, healthy(c), i + 1))
  const second = sync({ ...p, status: first.status }, observed, related, LATER)
  return { first, observed, second }
}

function restoreOf(res: { children: KObject[] }): KObject {
  const restore = child(res as never, 'PerconaXtraDBClusterRestore', 'shop-restore')
  expectValidChild(restore)
  expect(pxcProblems([restore])).toEqual([])
  return restore
}

describe('mysql restore in place: two steps', () => {
  const p = parent('shop', { dataSource: { backupName: 'orders-nightly-1' } })

  it('step 1: the cluster alone, marked as created for the restore; phase Restoring', () => {
    const { first } = twoSteps(p, [NIGHTLY])
    expect(kinds(first.children)).toEqual(['PerconaXtraDBCluster/shop'])
    expect(first.children[0]!.metadata.annotations).toEqual({ 'dbaas.io/version': '8.4', 'dbaas.io/data-source': 'backup orders-nightly-1' })
    expect(first.status).toMatchObject({ phase: 'Restoring', dataSource: { applied: false, source: 'backup orders-nightly-1' } })
  })

  it('still one child while the cluster is not ready', () => {
    const observed = sync(p, [], [NIGHTLY]).children.map((c, i) => applyChild(c, p, pxcStatus(c, { state: 'initializing', pxc: { size: 3, ready: 0, status: 'initializing' } }), i + 1))
    const res = sync(p, observed, [NIGHTLY])
    expect(kinds(res.children)).toEqual(['PerconaXtraDBCluster/shop'])
    expect(condition(res.status, 'Ready')).toMatchObject({ reason: 'Restoring', message: 'waiting for the cluster to be ready before restoring (0/3 nodes ready)' })
  })

  it('step 2: the Restore once the cluster is ready, recorded in status in the same answer', () => {
    const { second } = twoSteps(p, [NIGHTLY])
    expect(restoreOf(second).spec).toEqual({ pxcCluster: 'shop', backupName: 'orders-nightly-1' })
    expect(second.status).toMatchObject({ phase: 'Restoring', dataSource: { applied: true, source: 'backup orders-nightly-1' } })
  })

  it('to a point in time: the operator\'s date format, in UTC, binlogs from the backup\'s storage', () => {
    const { second } = twoSteps(parent('shop', { dataSource: { backupName: 'orders-nightly-1', pointInTime: '2026-01-02T14:30:00+02:00' } }), [NIGHTLY])
    expect(restoreOf(second).spec).toEqual({ pxcCluster: 'shop', backupName: 'orders-nightly-1', pitr: { type: 'date', date: '2026-01-02 12:30:00', backupSource: { s3: (NIGHTLY.status as Obj).s3 } } })
  })

  it('a stopped cluster waits', () => {
    const stopped = parent('shop', { stopped: true, dataSource: { backupName: 'orders-nightly-1' } })
    const observed = sync(stopped, [], [NIGHTLY]).children.map((c, i) => applyChild(c, stopped, healthy(c), i + 1))
    expect(kinds(sync(stopped, observed, [NIGHTLY]).children)).toEqual(['PerconaXtraDBCluster/shop'])
  })
})

describe('mysql restore: never twice', () => {
  const p = parent('shop', { dataSource: { backupName: 'orders-nightly-1' } })
  const { second } = twoSteps(p, [NIGHTLY])
  const restoreState = (state: string, comments?: string) => (c: KObject) => (c.kind === 'PerconaXtraDBClusterRestore' ? { state, ...(comments === undefined ? {} : { comments }) } : healthy(c))
  const withRestore = (statusOf: (c: KObject) => Obj | undefined) => second.children.map((c, i) => applyChild(c, p, statusOf(c), i + 1))
  const recorded = { ...p, status: second.status }

  it('an observed Restore is kept exactly as last applied, its state mapped', () => {
    const observed = withRestore(restoreState('Restoring'))
    const res = sync(recorded, observed, [], LATER)
    expect(res.children).toEqual(observed.map((c) => JSON.parse(c.metadata.annotations![LAST_APPLIED]!)))
    expect(condition(res.status, 'Ready')).toMatchObject({ reason: 'Restoring', message: 'restore shop-restore: Restoring' })
  })

  it('the backup object may go away once the restore runs: nothing is looked up again', () => {
    const res = sync(recorded, withRestore(restoreState('Point-in-time recovering')), [], LATER)
    expect(condition(res.status, 'SpecValid')?.status).toBe('True')
  })

  it('succeeded: the cluster\'s own state again', () => {
    const res = sync(recorded, withRestore(restoreState('Succeeded')), [], LATER)
    expect(res.status).toMatchObject({ phase: 'Ready', dataSource: { applied: true } })
  })

  it('failed: phase Failed with the operator\'s comments', () => {
    const res = sync(recorded, withRestore(restoreState('Failed', 'backup orders-nightly-1 didn\'t finished yet')), [], LATER)
    expect(res.status.phase).toBe('Failed')
    expect(condition(res.status, 'Ready')).toMatchObject({ reason: 'RestoreFailed', message: 'the restore failed: backup orders-nightly-1 didn\'t finished yet' })
  })

  it('recorded in status and gone from the cluster: not created again', () => {
    const clusterOnly = withRestore(restoreState('Succeeded')).filter((c) => c.kind === 'PerconaXtraDBCluster')
    const res = sync(recorded, clusterOnly, [NIGHTLY], LATER)
    expect(kinds(res.children)).toEqual(['PerconaXtraDBCluster/shop'])
    expect(res.status.dataSource).toEqual({ applied: true, source: 'backup orders-nightly-1' })
  })

  it('the record outlives the data source: removing and re-adding it restores nothing', () => {
    const clusterOnly = withRestore(restoreState('Succeeded')).filter((c) => c.kind === 'PerconaXtraDBCluster')
    const removed = sync(parent('shop', {}, { generation: 2, status: second.status }), clusterOnly, [NIGHTLY], LATER)
    expect(removed.status.dataSource).toEqual({ applied: true, source: 'backup orders-nightly-1' })
    const readded = sync(parent('shop', { dataSource: { backupName: 'orders-nightly-1' } }, { generation: 3, status: removed.status }), clusterOnly, [NIGHTLY], LATER)
    expect(kinds(readded.children)).toEqual(['PerconaXtraDBCluster/shop'])
  })

  it('a running restore is kept even when the data source is removed; a finished one is let go', () => {
    const running = sync(parent('shop', {}, { generation: 2, status: second.status }), withRestore(restoreState('Restoring')), [], LATER)
    expect(kinds(running.children)).toContain('PerconaXtraDBClusterRestore/shop-restore')
    const done = sync(parent('shop', {}, { generation: 2, status: second.status }), withRestore(restoreState('Succeeded')), [], LATER)
    expect(kinds(done.children)).toEqual(['PerconaXtraDBCluster/shop'])
  })

  it('a data source added to a cluster that existed without it is ignored, and said so', () => {
    const plain = parent('shop')
    const running = applied(plain)
    const res = sync(parent('shop', { dataSource: { backupName: 'orders-nightly-1' } }, { generation: 2 }), running, [NIGHTLY], LATER)
    expect(kinds(res.children)).toEqual(['PerconaXtraDBCluster/shop'])
    expect(res.children[0]!.metadata.annotations).toEqual({ 'dbaas.io/version': '8.4' })
    expect(res.status).toMatchObject({ phase: 'Ready', dataSource: { applied: false } })
    expect(String((res.status.dataSource as Obj).source)).toMatch(/^ignored: the cluster existed before/)
  })
})

describe('mysql clone of another DatabaseCluster', () => {
  const source = databaseCluster('orders', spec({ backup: BACKUP }))
  const backups = [
    pxcBackup('orders-1', 'orders', 'Succeeded', '2026-01-01T02:10:00Z'),
    NIGHTLY,
    pxcBackup('orders-3', 'orders', 'Failed', undefined, { lastscheduled: '2026-01-03T02:00:00Z' }),
    pxcBackup('shop-1', 'shop', 'Succeeded', '2026-01-04T02:10:00Z'),
  ]

  it('restores the source\'s newest successful backup from its folder, with its credentials', () => {
    const { first, second } = twoSteps(parent('shop', { dataSource: { clusterName: 'orders' } }), [source, ...backups])
    expect(first.status).toMatchObject({ dataSource: { applied: false, source: 'clone of DatabaseCluster orders' } })
    expect(restoreOf(second).spec).toEqual({ pxcCluster: 'shop', backupSource: { destination: (NIGHTLY.status as Obj).destination, s3: (NIGHTLY.status as Obj).s3, verifyTLS: true } })
  })

  it.each([
    ['a missing cluster', [], 'DataSourceNotFound', /orders does not exist in team-a/],
    ['another engine', [databaseCluster('orders', { engine: 'postgresql', clusterSize: 3, storage: '1Gi', backup: { storageClassName: 's3-default' } })], 'DataSourceIncompatible', /not a mysql cluster/],
    ['a cluster without backups configured', [databaseCluster('orders', spec())], 'DataSourceHasNoBackups', /configure spec.backup on it first/],
    ['no successful backup yet', [source, backups[2]!], 'DataSourceHasNoBackups', /no successful backup to clone from yet/],
  ])('refuses %s', (_name, related, reason, message) => {
    const res = sync(parent('shop', { dataSource: { clusterName: 'orders' } }), [], related)
    expect(res.children).toEqual([])
    expect(condition(res.status, 'Ready')).toMatchObject({ reason })
    expect(String(condition(res.status, 'Ready')?.message)).toMatch(message)
  })

  it('refuses a point in time when the source keeps no binlogs', () => {
    const noBinlogs = databaseCluster('orders', spec({ backup: { ...BACKUP, pointInTimeRecovery: false } }))
    const res = sync(parent('shop', { dataSource: { clusterName: 'orders', pointInTime: '2026-01-02T12:00:00Z' } }), [], [noBinlogs, ...backups])
    expect(condition(res.status, 'Ready')).toMatchObject({ reason: 'DataSourceHasNoBinlogs' })
  })
})

describe('mysql restore of a named backup: checked before anything is created', () => {
  it.each([
    ['missing', [], 'DataSourceNotFound'],
    ['still running', [pxcBackup('orders-nightly-1', 'orders', 'Running', undefined)], 'DataSourceNotReady'],
  ])('%s', (_name, related, reason) => {
    const res = sync(parent('shop', { dataSource: { backupName: 'orders-nightly-1' } }), [], related)
    expect(res.children).toEqual([])
    expect(condition(res.status, 'Ready')).toMatchObject({ reason })
  })
})

describe('mysql restore from storage (backups of a cluster that may be gone)', () => {
  const old = pxcBackup('old-shop-7', 'old-shop', 'Succeeded', '2026-01-02T02:10:00Z', {}, 'old-team')
  const ds = { backupSource: { storageClassName: 's3-default', serverName: 'old-shop', namespace: 'old-team' }, pointInTime: '2026-01-02T12:00:00Z' }

  it('the newest backup recorded under the folder, with credentials copied for this cluster', () => {
    const { first, second } = twoSteps(parent('shop', { dataSource: ds }), [S3_CLASS, S3_SECRET, old])
    expect(kinds(first.children)).toEqual(['PerconaXtraDBCluster/shop'])
    const s3 = { bucket: 'db-backups/prod/old-team/old-shop', region: 'eu-central-1', endpointUrl: 'https://s3.eu-central-1.amazonaws.com', credentialsSecret: 'shop-restore-credentials' }
    expect(restoreOf(second).spec).toEqual({
      pxcCluster: 'shop',
      backupSource: { destination: (old.status as Obj).destination, s3, verifyTLS: true },
      pitr: { type: 'date', date: '2026-01-02 12:00:00', backupSource: { s3 } },
    })
    expect(child(second, 'Secret', 'shop-restore-credentials').metadata.namespace).toBe('team-a')
    for (const c of second.children) expectValidChild(c)
  })

  it('the copied credentials stay with the observed Restore', () => {
    const p = parent('shop', { dataSource: ds })
    const { second } = twoSteps(p, [S3_CLASS, S3_SECRET, old])
    const observed = second.children.map((c, i) => applyChild(c, p, healthy(c), i + 1))
    expect(kinds(sync({ ...p, status: second.status }, observed, [], LATER).children)).toEqual(['PerconaXtraDBCluster/shop', 'PerconaXtraDBClusterRestore/shop-restore', 'Secret/shop-restore-credentials'])
  })

  it('no backup object records that folder: refused, saying why', () => {
    const res = sync(parent('shop', { dataSource: ds }), [], [S3_CLASS, S3_SECRET])
    expect(condition(res.status, 'Ready')).toMatchObject({ reason: 'DataSourceHasNoBackups' })
    expect(String(condition(res.status, 'Ready')?.message)).toMatch(/under s3:\/\/db-backups\/prod\/old-team\/old-shop\//)
  })
})
