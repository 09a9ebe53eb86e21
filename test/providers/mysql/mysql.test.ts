import { describe, expect, it } from 'vitest'
import type { KObject } from '../../../providers/shared/kube.js'
import { applyChild } from '../../support/metacontroller.js'
import { S3_CLASS, S3_SECRET, child, condition, databaseCluster, storageClass, sync } from '../../support/clusters.js'
import { expectValidChild } from '../../support/upstream-schemas.js'

const SPEC = { engine: 'mysql', clusterSize: 3, storage: '20Gi', config: [{ name: 'max_connections', value: '500' }] }
const BACKUP = { storageClassName: 's3-default', schedules: [{ name: 'nightly', schedule: '0 2 * * *', retentionCopies: 7 }, { name: 'weekly', schedule: '0 3 * * 0', enabled: false }] }
const RELATED = [S3_CLASS, S3_SECRET]

describe('mysql → PerconaXtraDBCluster', () => {
  const res = sync(databaseCluster('shop', { ...SPEC, proxy: { enabled: true }, backup: BACKUP }), [], RELATED)
  const pxc = child(res, 'PerconaXtraDBCluster', 'shop')

  it('every child validates against the Percona and core schemas', () => {
    for (const c of res.children) expectValidChild(c)
  })

  it('size, image for the version, storage, my.cnf, per-cluster secrets, crVersion', () => {
    expect(pxc.spec).toMatchObject({
      crVersion: '1.19.0',
      secretsName: 'shop-secrets',
      pause: false,
      pxc: { size: 3, image: 'percona/percona-xtradb-cluster:8.4.7-7.1', configuration: '[mysqld]\nmax_connections=500\n', volumeSpec: { persistentVolumeClaim: { resources: { requests: { storage: '20Gi' } } } }, affinity: { antiAffinityTopologyKey: 'kubernetes.io/hostname' } },
      haproxy: { enabled: true, size: 2 },
      proxysql: { enabled: false },
    })
    expect(pxc.spec).not.toHaveProperty('unsafeFlags')
  })

  it('backups: an S3 storage per location under namespace/cluster, enabled schedules with count retention, binlog PITR', () => {
    expect((pxc.spec as any).backup).toMatchObject({
      storages: { primary: { type: 's3', verifyTLS: true, s3: { bucket: 'db-backups/prod/team-a/shop', region: 'eu-central-1', credentialsSecret: 'shop-backup-credentials' } } },
      pitr: { enabled: true, storageName: 'primary' },
      schedule: [{ name: 'nightly', schedule: '0 2 * * *', storageName: 'primary', retention: { type: 'count', count: 7, deleteFromStorage: true } }],
    })
    expect(child(res, 'Secret', 'shop-backup-credentials').data).toHaveProperty('AWS_SECRET_ACCESS_KEY')
  })

  it.each([
    ['one node needs the unsafe flag', { clusterSize: 1 }, { unsafeFlags: { pxcSize: true } }],
    ['ProxySQL', { proxy: { enabled: true, type: 'proxysql', replicas: 3 } }, { haproxy: { enabled: false }, proxysql: { enabled: true, size: 3 } }],
    ['stopped → pause', { stopped: true }, { pause: true }],
    ['PMM', { monitoring: { enabled: true, pmm: { serverHost: 'pmm.monitoring.svc' } } }, { pmm: { enabled: true, serverHost: 'pmm.monitoring.svc' } }],
    ['version 8.0', { version: '8.0' }, { pxc: { image: 'percona/percona-xtradb-cluster:8.0.44-35.1' } }],
  ])('%s', (_name, extra, expected) => {
    const r = sync(databaseCluster('shop', { ...SPEC, ...extra }))
    expect(child(r, 'PerconaXtraDBCluster').spec).toMatchObject(expected)
    for (const c of r.children) expectValidChild(c)
  })

  it.each([
    ['GCS (no native support)', { backup: { storageClassName: 'gcs' } }, [storageClass('gcs', [{ name: 'g', gcs: { bucket: 'bkt' } }])], 'LocationUnsupported'],
    ['monitoring without a PMM server', { monitoring: { enabled: true } }, [], 'MonitoringNeedsPMM'],
    ['restore straight from storage', { dataSource: { backupSource: { storageClassName: 's3-default', serverName: 'x' } } }, RELATED, 'RestoreSourceUnsupported'],
    ['an even size (the CRD rule)', { clusterSize: 4 }, [], 'InvalidSpec'],
  ])('refuses %s', (_name, extra, related, reason) => {
    const r = sync(databaseCluster('shop', { ...SPEC, ...extra }), [], related)
    expect(condition(r.status, 'Ready')?.reason).toBe(reason)
    expect(r.children).toEqual([])
  })
})

describe('mysql status', () => {
  function observe(spec: Record<string, unknown>, status: Record<string, unknown> | undefined) {
    const parent = databaseCluster('shop', spec)
    const children = sync(parent).children.map((c, i) => applyChild(c, parent, status, i + 1))
    return sync(parent, children)
  }

  it.each([
    ['ready', SPEC, { state: 'ready', pxc: { size: 3, ready: 3, status: 'ready', version: '8.4.7-7.1' }, haproxy: { size: 2, ready: 2 }, ready: 5, size: 5, host: 'shop-haproxy.team-a' }, 'Ready', 'True'],
    ['initializing', SPEC, { state: 'initializing', pxc: { size: 3, ready: 1 } }, 'Creating', 'False'],
    ['error', SPEC, { state: 'error', message: ['pxc: node lost quorum'], pxc: { size: 3, ready: 0 } }, 'Failed', 'False'],
    ['paused on request', { ...SPEC, stopped: true }, { state: 'paused' }, 'Stopped', 'False'],
    ['stopping', { ...SPEC, stopped: true }, { state: 'stopping' }, 'Stopping', 'False'],
    ['no status yet', SPEC, undefined, 'Creating', 'False'],
  ])('%s', (_name, spec, status, phase, ready) => {
    const r = observe(spec, status)
    expect(r.status.phase).toBe(phase)
    expect(condition(r.status, 'Ready')?.status).toBe(ready)
  })

  it('endpoints through HAProxy: writer and readers, with the system users Secret', () => {
    const r = observe({ ...SPEC, proxy: { enabled: true } }, { state: 'ready', pxc: { size: 3, ready: 3, version: '8.4.7-7.1' } })
    expect(r.status).toMatchObject({ version: '8.4.7-7.1', readyInstances: 3, endpoints: [{ name: 'rw', host: 'shop-haproxy.team-a.svc', port: 3306, secretName: 'shop-secrets' }, { name: 'ro', host: 'shop-haproxy-replicas.team-a.svc' }] })
  })
})

describe('mysql restore in place: two steps, never twice', () => {
  const spec = { ...SPEC, dataSource: { backupName: 'shop-nightly-1' } }
  const parent = databaseCluster('shop', spec)

  it('step 1: the cluster alone; step 2: the Restore once the cluster is ready', () => {
    const first = sync(parent)
    expect(first.children.map((c) => c.kind)).toEqual(['PerconaXtraDBCluster'])
    const initializing = first.children.map((c, i) => applyChild(c, parent, { state: 'initializing' }, i + 1))
    expect(sync(parent, initializing).children.map((c) => c.kind)).toEqual(['PerconaXtraDBCluster'])
    const ready = first.children.map((c, i) => applyChild(c, parent, { state: 'ready', pxc: { size: 3, ready: 3 } }, i + 1))
    const second = sync(parent, ready)
    expect(child(second, 'PerconaXtraDBClusterRestore', 'shop-restore').spec).toEqual({ pxcCluster: 'shop', backupName: 'shop-nightly-1' })
    expect(second.status.phase).toBe('Restoring')
    for (const c of second.children) expectValidChild(c)
  })

  it('a restore once recorded in status is never created again, even if its object disappears', () => {
    const ready = sync(parent).children.map((c, i) => applyChild(c, parent, { state: 'ready', pxc: { size: 3, ready: 3 } }, i + 1))
    const done = databaseCluster('shop', spec, { status: { dataSource: { applied: true, source: 'x' } } })
    expect(sync(done, ready).children.map((c) => c.kind)).toEqual(['PerconaXtraDBCluster'])
  })

  it('clone of another DatabaseCluster: its newest successful backup', () => {
    const backup = (name: string, completed: string, state: string): KObject => ({ apiVersion: 'pxc.percona.com/v1', kind: 'PerconaXtraDBClusterBackup', metadata: { name, namespace: 'team-a' }, spec: { pxcCluster: 'orders', storageName: 'primary' }, status: { state, completed, destination: `s3://db-backups/${name}`, s3: { bucket: 'db-backups', region: 'eu-central-1', credentialsSecret: 'orders-backup-credentials' } } })
    const clone = databaseCluster('shop', { ...SPEC, dataSource: { clusterName: 'orders' } })
    const related = [backup('b1', '2026-01-01T00:00:00Z', 'Succeeded'), backup('b2', '2026-01-02T00:00:00Z', 'Succeeded'), backup('b3', '2026-01-03T00:00:00Z', 'Failed')]
    const ready = sync(clone, [], related).children.map((c, i) => applyChild(c, clone, { state: 'ready', pxc: { size: 3, ready: 3 } }, i + 1))
    expect(child(sync(clone, ready, related), 'PerconaXtraDBClusterRestore').spec).toEqual({ pxcCluster: 'shop', backupSource: { destination: 's3://db-backups/b2', s3: { bucket: 'db-backups', region: 'eu-central-1', credentialsSecret: 'orders-backup-credentials' } } })
  })
})

describe('mysql backup health from the operator\'s backup objects', () => {
  it('newest success, newest failure, binlog gaps', () => {
    const b = (name: string, state: string, completed: string, conditions: unknown[] = []): KObject => ({ apiVersion: 'pxc.percona.com/v1', kind: 'PerconaXtraDBClusterBackup', metadata: { name, namespace: 'team-a' }, spec: { pxcCluster: 'shop' }, status: { state, completed, conditions } })
    const gap = { type: 'PITRReady', status: 'False', reason: 'BinlogGapDetected', message: 'Binlog with GTID set x:21-22 not found', lastTransitionTime: '2026-01-01T00:00:00Z' }
    const related = [...RELATED, b('a', 'Succeeded', '2026-01-02T02:10:00Z'), b('b', 'Failed', '2026-01-01T02:10:00Z'), b('c', 'Succeeded', '2026-01-03T02:10:00Z', [gap])]
    const r = sync(databaseCluster('shop', { ...SPEC, backup: BACKUP }), [], related)
    expect(r.status.backup).toEqual({ configured: true, storageClassName: 's3-default', lastSuccessfulBackup: '2026-01-03T02:10:00Z', lastFailedBackup: '2026-01-01T02:10:00Z', continuousArchiving: 'False', message: 'binlog archiving: Binlog with GTID set x:21-22 not found' })
    expect(condition(r.status, 'BackupHealthy')).toMatchObject({ status: 'False', reason: 'BackupFailing' })
  })
})
