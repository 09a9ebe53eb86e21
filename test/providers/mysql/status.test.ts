import { describe, expect, it } from 'vitest'
import type { KObject } from '../../../providers/shared/kube.js'
import { CTX, LATER, condition, sync } from '../../support/clusters.js'
import { BACKUP, RELATED, applied, parent, pxcBackup, pxcStatus } from './fixtures.js'

type Obj = Record<string, any>

/** Statuses in the shapes operator 1.19 writes (status.go updateStatus, appStatus, ClusterStatus). */
const initializing = (pxc: KObject): Obj => pxcStatus(pxc, { state: 'initializing', pxc: { size: 3, ready: 1, status: 'initializing' }, conditions: [{ type: 'initializing', status: 'True', lastTransitionTime: '2026-01-01T00:01:00Z' }] })
const rolling = (pxc: KObject): Obj => pxcStatus(pxc, { state: 'initializing', pxc: { size: 3, ready: 2, status: 'initializing', version: '8.4.7-7.1' }, message: ['pxc: mysqld: Back-off restarting failed container; '] })
const failed = (pxc: KObject): Obj =>
  pxcStatus(pxc, {
    state: 'error',
    pxc: { size: 3, ready: 0, status: 'initializing' },
    message: ['Error: reconcile: PXC size must be at least 3. Set spec.unsafeFlags.pxcSize to true to disable this check'],
    conditions: [{ type: 'error', status: 'True', reason: 'ErrorReconcile', message: 'PXC size must be at least 3', lastTransitionTime: '2026-01-01T00:01:00Z' }],
  })
const paused = (pxc: KObject): Obj => pxcStatus(pxc, { state: 'paused', pxc: { size: 0, ready: 0, status: 'paused' }, host: `${pxc.metadata.name}-pxc.team-a` })
const stopping = (pxc: KObject): Obj => pxcStatus(pxc, { state: 'stopping', pxc: { size: 0, ready: 2, status: 'stopping' } })
const behind = (pxc: KObject): Obj => ({ ...pxcStatus(pxc), observedGeneration: 0 })
const proxiesDown = (pxc: KObject): Obj => pxcStatus(pxc, { haproxy: { size: 2, ready: 1, status: 'initializing' } })

function observe(extra: Obj, status: ((pxc: KObject) => Obj) | undefined, related: KObject[] = RELATED) {
  const p = parent('shop', extra)
  const children = applied(p, related, (c) => (c.kind === 'PerconaXtraDBCluster' && status !== undefined ? status(c) : undefined))
  return { parent: p, children, res: sync(p, children, related) }
}

describe('mysql status: the operator\'s state mapped onto ours', () => {
  it.each([
    ['ready', {}, pxcStatus, 'Ready', 'True', 'ClusterReady'],
    ['no status yet', {}, undefined, 'Creating', 'False', 'ClusterNotReady'],
    ['first start', {}, initializing, 'Creating', 'False', 'ClusterNotReady'],
    ['a rolling change after having been ready', {}, rolling, 'Updating', 'False', 'ClusterNotReady'],
    ['error', {}, failed, 'Failed', 'False', 'ClusterFailed'],
    ['paused on request', { stopped: true }, paused, 'Stopped', 'False', 'Stopped'],
    ['stopping on request', { stopped: true }, stopping, 'Stopping', 'False', 'Stopped'],
    ['ready for a spec it has not seen yet', {}, behind, 'Updating', 'False', 'ClusterNotReady'],
    ['scaled to five, three ready', { clusterSize: 5 }, (pxc: KObject) => pxcStatus(pxc, { pxc: { size: 5, ready: 3, status: 'initializing' } }), 'Updating', 'False', 'ClusterNotReady'],
    ['nodes ready, a proxy down', { proxy: { enabled: true } }, proxiesDown, 'Updating', 'False', 'ClusterNotReady'],
  ])('%s', (_name, extra, status, phase, ready, reason) => {
    const { res } = observe(extra, status)
    expect(res.status.phase).toBe(phase)
    expect(condition(res.status, 'Ready')).toMatchObject({ status: ready, reason })
    expect(condition(res.status, 'Progressing')?.status).toBe(['Ready', 'Stopped', 'Failed'].includes(phase) ? 'False' : 'True')
  })

  it('before the PerconaXtraDBCluster exists', () => {
    const res = sync(parent('shop'))
    expect(res.status).toMatchObject({ phase: 'Creating', endpoints: [] })
    expect(condition(res.status, 'Ready')).toMatchObject({ reason: 'Creating' })
  })

  it('nodes, version and the operator\'s own state and messages, verbatim', () => {
    const { res } = observe({}, rolling)
    expect(res.status).toMatchObject({ instances: 3, readyInstances: 2, ready: '2/3', version: '8.4.7-7.1', engine: { kind: 'PerconaXtraDBCluster', name: 'shop', phase: 'initializing', message: 'pxc: mysqld: Back-off restarting failed container;' } })
    expect(condition(res.status, 'Ready')?.message).toBe('2/3 nodes ready: pxc: mysqld: Back-off restarting failed container;')
  })

  it('the ready message counts the proxies too', () => {
    expect(condition(observe({ proxy: { enabled: true } }, pxcStatus).res.status, 'Ready')?.message).toBe('3/3 nodes ready, haproxy 2/2')
  })
})

describe('mysql status: endpoints, with the system users Secret', () => {
  it('HAProxy: the writer and the readers on 3306', () => {
    expect(observe({ proxy: { enabled: true } }, pxcStatus).res.status.endpoints).toEqual([
      { name: 'rw', role: 'primary', host: 'shop-haproxy.team-a', port: 3306, secretName: 'shop-secrets' },
      { name: 'ro', role: 'replica', host: 'shop-haproxy-replicas.team-a', port: 3306, secretName: 'shop-secrets' },
    ])
  })

  it('ProxySQL: one endpoint that routes writes to the writer', () => {
    expect(observe({ proxy: { enabled: true, type: 'proxysql' } }, pxcStatus).res.status.endpoints).toEqual([{ name: 'rw', role: 'primary', host: 'shop-proxysql.team-a', port: 3306, secretName: 'shop-secrets' }])
  })

  it('no proxy: the nodes\' Service, every Galera node taking writes', () => {
    expect(observe({}, pxcStatus).res.status.endpoints).toEqual([{ name: 'nodes', role: 'primary', host: 'shop-pxc.team-a', port: 3306, secretName: 'shop-secrets' }])
  })

  it('exposed: the load balancer address the operator reports in status.host', () => {
    const { res } = observe({ proxy: { enabled: true }, expose: { type: 'external' } }, (pxc) => pxcStatus(pxc, { host: 'a1b2.elb.eu-central-1.amazonaws.com' }))
    expect(res.status.endpoints).toContainEqual({ name: 'external', role: 'primary', host: 'a1b2.elb.eu-central-1.amazonaws.com', port: 3306, secretName: 'shop-secrets' })
  })

  it('exposed, no address yet: only the in-cluster endpoints', () => {
    const { res } = observe({ proxy: { enabled: true }, expose: { type: 'external' } }, (pxc) => pxcStatus(pxc, { host: '' }))
    expect((res.status.endpoints as Obj[]).map((e) => e.name)).toEqual(['rw', 'ro'])
  })
})

describe('mysql status: backup health from the operator\'s backup objects', () => {
  const withBackups = (...backups: KObject[]) => observe({ backup: BACKUP }, pxcStatus, [...RELATED, ...backups]).res.status
  const gap = { type: 'PITRReady', status: 'False', reason: 'BinlogGapDetected', message: 'Binlog with GTID set e41e:21-22 not found', lastTransitionTime: '2026-01-03T03:00:00Z' }

  it('healthy: newest and oldest success, binlogs archived up to a restorable time', () => {
    const status = withBackups(
      pxcBackup('shop-a', 'shop', 'Succeeded', '2026-01-01T02:10:00Z'),
      pxcBackup('shop-b', 'shop', 'Succeeded', '2026-01-02T02:10:00Z', { latestRestorableTime: '2026-01-02T09:00:00Z' }),
      pxcBackup('other', 'orders', 'Succeeded', '2026-01-05T02:10:00Z'),
    )
    expect(status.backup).toEqual({ configured: true, storageClassName: 's3-default', storageName: 'primary', lastSuccessfulBackup: '2026-01-02T02:10:00Z', firstRecoverabilityPoint: '2026-01-01T02:10:00Z', continuousArchiving: 'True' })
    expect(condition(status, 'BackupHealthy')).toMatchObject({ status: 'True', reason: 'BackupSucceeded' })
  })

  it('no backup yet: Unknown', () => {
    expect(condition(withBackups(), 'BackupHealthy')).toMatchObject({ status: 'Unknown', reason: 'NoBackupYet' })
  })

  it('a binlog gap after the newest backup: False with the operator\'s message', () => {
    const status = withBackups(pxcBackup('shop-a', 'shop', 'Succeeded', '2026-01-03T02:10:00Z', { conditions: [gap] }))
    expect(status.backup).toMatchObject({ continuousArchiving: 'False', message: 'binlog archiving after backup shop-a: Binlog with GTID set e41e:21-22 not found' })
    expect(condition(status, 'BackupHealthy')).toMatchObject({ status: 'False', reason: 'BackupFailing' })
  })

  it('a gap on an older backup is healed by the next one', () => {
    const status = withBackups(pxcBackup('shop-a', 'shop', 'Succeeded', '2026-01-01T02:10:00Z', { conditions: [gap] }), pxcBackup('shop-b', 'shop', 'Succeeded', '2026-01-02T02:10:00Z'))
    expect(status.backup).not.toHaveProperty('message')
  })

  it('a failed backup newer than the last success (timed by when it was scheduled)', () => {
    const status = withBackups(pxcBackup('shop-a', 'shop', 'Succeeded', '2026-01-01T02:10:00Z'), pxcBackup('shop-b', 'shop', 'Failed', undefined, { lastscheduled: '2026-01-02T02:00:00Z' }))
    expect(status.backup).toMatchObject({ lastFailedBackup: '2026-01-02T02:00:00Z' })
    expect(condition(status, 'BackupHealthy')).toMatchObject({ status: 'False', reason: 'LastBackupFailed' })
  })

  it('without binlog archiving there is nothing to say about it', () => {
    const status = observe({ backup: { ...BACKUP, pointInTimeRecovery: false } }, pxcStatus, [...RELATED, pxcBackup('shop-a', 'shop', 'Succeeded', '2026-01-01T02:10:00Z')]).res.status
    expect(status.backup).not.toHaveProperty('continuousArchiving')
  })
})

describe('mysql status is stable', () => {
  it('the same observation twice gives the same status', () => {
    const { parent: p, children, res } = observe({ proxy: { enabled: true } }, pxcStatus)
    expect(sync({ ...p, status: res.status }, children, RELATED, LATER).status).toEqual(res.status)
  })

  it('a condition that flips gets the new time; the others keep theirs', () => {
    const { parent: p, res } = observe({}, pxcStatus)
    const worse = applied(p, RELATED, (c) => (c.kind === 'PerconaXtraDBCluster' ? failed(c) : undefined))
    const later = sync({ ...p, status: res.status }, worse, RELATED, LATER)
    expect(condition(later.status, 'Ready')).toMatchObject({ status: 'False', lastTransitionTime: LATER.now })
    expect(condition(later.status, 'SpecValid')?.lastTransitionTime).toBe(CTX.now)
  })
})
