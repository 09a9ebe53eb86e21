import { describe, expect, it } from 'vitest'
import type { KObject } from '../../../providers/shared/kube.js'
import { applyChild } from '../../support/metacontroller.js'
import { S3_CLASS, S3_SECRET, child, condition, databaseCluster, sync } from '../../support/clusters.js'
import { expectValidChild } from '../../support/upstream-schemas.js'

const SPEC = { engine: 'mongodb', clusterSize: 3, storage: '20Gi', config: [{ name: 'operationProfiling.slowOpThresholdMs', value: '200' }, { name: 'operationProfiling.mode', value: 'slowOp' }] }
const BACKUP = { storageClassName: 's3-default', schedules: [{ name: 'nightly', schedule: '0 2 * * *', retentionCopies: 5 }] }
const RELATED = [S3_CLASS, S3_SECRET]

describe('mongodb → PerconaServerMongoDB', () => {
  const res = sync(databaseCluster('events', { ...SPEC, backup: BACKUP }), [], RELATED)
  const psmdb = child(res, 'PerconaServerMongoDB', 'events')

  it('every child validates against the Percona and core schemas', () => {
    for (const c of res.children) expectValidChild(c)
  })

  it('replica set rs0, image, storage, mongod.conf, a users Secret of its own, crVersion', () => {
    expect(psmdb.spec).toMatchObject({
      crVersion: '1.22.0',
      image: 'percona/percona-server-mongodb:8.0.19-7',
      secrets: { users: 'events-users' },
      storageScaling: { enableVolumeScaling: true },
      sharding: { enabled: false },
      replsets: [{ name: 'rs0', size: 3, configuration: 'operationProfiling:\n  slowOpThresholdMs: 200\n  mode: slowOp\n', volumeSpec: { persistentVolumeClaim: { resources: { requests: { storage: '20Gi' } } } } }],
    })
  })

  it('PBM backups: storage under namespace/cluster, tasks with count retention, oplog PITR', () => {
    expect((psmdb.spec as any).backup).toMatchObject({
      enabled: true,
      storages: { primary: { type: 's3', main: true, s3: { bucket: 'db-backups', prefix: 'prod/team-a/events', credentialsSecret: 'events-backup-credentials' } } },
      pitr: { enabled: true },
      tasks: [{ name: 'nightly', enabled: true, schedule: '0 2 * * *', storageName: 'primary', retention: { type: 'count', count: 5, deleteFromStorage: true } }],
    })
  })

  it.each([
    ['mongos → sharding with a config server replica set', { proxy: { enabled: true, type: 'mongos', replicas: 2 } }, { sharding: { enabled: true, configsvrReplSet: { size: 3 }, mongos: { size: 2 } } }],
    ['one member needs the unsafe flag', { clusterSize: 1 }, { unsafeFlags: { replsetSize: true } }],
    ['stopped → pause', { stopped: true }, { pause: true }],
    ['PMM', { monitoring: { enabled: true, pmm: { serverHost: 'pmm.monitoring.svc' } } }, { pmm: { enabled: true, serverHost: 'pmm.monitoring.svc' } }],
  ])('%s', (_name, extra, expected) => {
    const r = sync(databaseCluster('events', { ...SPEC, ...extra }))
    expect(child(r, 'PerconaServerMongoDB').spec).toMatchObject(expected)
    for (const c of r.children) expectValidChild(c)
  })

  it.each([
    ['an even replica set (the CRD rule)', { clusterSize: 4 }, 'InvalidSpec'],
    ['monitoring without a PMM server', { monitoring: { enabled: true } }, 'MonitoringNeedsPMM'],
  ])('refuses %s', (_name, extra, reason) => {
    const r = sync(databaseCluster('events', { ...SPEC, ...extra }))
    expect(condition(r.status, 'Ready')?.reason).toBe(reason)
  })

  it('upgrades one major version at a time', () => {
    const v7 = databaseCluster('events', { ...SPEC, version: '7.0' })
    const applied = sync(v7).children.map((c, i) => applyChild(c, v7, undefined, i + 1))
    expect(sync(databaseCluster('events', { ...SPEC, version: '8.0' }, { generation: 2 }), applied).children[0]!.spec).toMatchObject({ image: 'percona/percona-server-mongodb:8.0.19-7' })
  })
})

describe('mongodb status', () => {
  function observe(spec: Record<string, unknown>, status: Record<string, unknown> | undefined) {
    const parent = databaseCluster('events', spec)
    return sync(parent, sync(parent).children.map((c, i) => applyChild(c, parent, status, i + 1)))
  }

  it.each([
    ['ready', SPEC, { state: 'ready', replsets: { rs0: { size: 3, ready: 3, status: 'ready', initialized: true } }, ready: 3, size: 3, mongoVersion: '8.0.19-7' }, 'Ready', 'True'],
    ['initializing', SPEC, { state: 'initializing', replsets: { rs0: { size: 3, ready: 1 } } }, 'Creating', 'False'],
    ['error', SPEC, { state: 'error', message: 'Error: replset size must be odd' }, 'Failed', 'False'],
    ['paused', { ...SPEC, stopped: true }, { state: 'paused' }, 'Stopped', 'False'],
  ])('%s', (_name, spec, status, phase, ready) => {
    const r = observe(spec, status)
    expect(r.status.phase).toBe(phase)
    expect(condition(r.status, 'Ready')?.status).toBe(ready)
  })

  it('members, primary, version and the replica set endpoint with the users Secret', () => {
    const r = observe(SPEC, { state: 'ready', mongoVersion: '8.0.19-7', replsets: { rs0: { size: 3, ready: 3, members: { 'events-rs0-0': { stateStr: 'SECONDARY' }, 'events-rs0-1': { stateStr: 'PRIMARY' }, 'events-rs0-2': { stateStr: 'SECONDARY' } } } } })
    expect(r.status).toMatchObject({ primary: 'events-rs0-1', version: '8.0.19-7', endpoints: [{ name: 'replset', role: 'primary', host: 'events-rs0.team-a.svc', port: 27017, secretName: 'events-users' }] })
  })
})

describe('mongodb restore in place: two steps, never twice', () => {
  it('the Restore follows once the cluster is ready, with a point in time in Percona\'s format', () => {
    const parent = databaseCluster('events', { ...SPEC, dataSource: { backupName: 'nightly-1', pointInTime: '2026-07-01T12:00:00Z' } })
    const first = sync(parent)
    expect(first.children.map((c) => c.kind)).toEqual(['PerconaServerMongoDB'])
    const ready = first.children.map((c, i) => applyChild(c, parent, { state: 'ready', replsets: { rs0: { size: 3, ready: 3 } } }, i + 1))
    const second = sync(parent, ready)
    expect(child(second, 'PerconaServerMongoDBRestore').spec).toEqual({ clusterName: 'events', backupName: 'nightly-1', pitr: { type: 'date', date: '2026-07-01 12:00:00' } })
    for (const c of second.children) expectValidChild(c)
    const done = databaseCluster('events', parent.spec as Record<string, unknown>, { status: { dataSource: { applied: true, source: 'x' } } })
    expect(sync(done, ready).children.map((c) => c.kind)).toEqual(['PerconaServerMongoDB'])
  })

  it('backup health from the operator\'s backup objects', () => {
    const b = (name: string, state: string, completed: string): KObject => ({ apiVersion: 'psmdb.percona.com/v1', kind: 'PerconaServerMongoDBBackup', metadata: { name, namespace: 'team-a' }, spec: { clusterName: 'events' }, status: { state, completed } })
    const r = sync(databaseCluster('events', { ...SPEC, backup: BACKUP }), [], [...RELATED, b('a', 'ready', '2026-01-02T02:00:00Z'), b('b', 'error', '2026-01-03T02:00:00Z')])
    expect(r.status.backup).toMatchObject({ lastSuccessfulBackup: '2026-01-02T02:00:00Z', lastFailedBackup: '2026-01-03T02:00:00Z' })
    expect(condition(r.status, 'BackupHealthy')).toMatchObject({ status: 'False', reason: 'LastBackupFailed' })
  })
})
