import { describe, expect, it } from 'vitest'
import type { KObject } from '../../../providers/shared/kube.js'
import { LATER, condition, databaseCluster, sync } from '../../support/clusters.js'
import { BACKUP, RELATED, applied, backupObject, readyStatus, spec } from './fixtures.js'

type Obj = Record<string, any>

function observe(extra: Obj, status: Obj | undefined, related: KObject[] = RELATED, generation = 1) {
  const parent = databaseCluster('events', spec(extra))
  const children = applied(parent, related, status).map((c) => ({ ...c, metadata: { ...c.metadata, generation } }))
  return sync(parent, children, related)
}

describe('the operator\'s state mapped onto phase and Ready', () => {
  const notReady = { state: 'initializing', replsets: { rs0: { size: 3, ready: 1, status: 'initializing' } }, ready: 1, size: 3 }
  it.each([
    ['not created yet', {}, 'none', 'Creating', 'False', 'Creating'],
    ['no status yet', {}, undefined, 'Creating', 'False', 'ClusterNotReady'],
    ['initializing the first time', {}, notReady, 'Creating', 'False', 'ClusterNotReady'],
    ['initializing after a change (rs0 initialized)', {}, { ...notReady, replsets: { rs0: { size: 3, ready: 2, initialized: true } } }, 'Updating', 'False', 'ClusterNotReady'],
    ['toggling sharding', { proxy: { enabled: true } }, { state: 'sharding', replsets: { rs0: { size: 3, ready: 3, initialized: true } } }, 'Updating', 'False', 'ClusterNotReady'],
    ['ready', {}, readyStatus(), 'Ready', 'True', 'ClusterReady'],
    ['ready, but fewer members than asked for', { clusterSize: 5 }, readyStatus(), 'Updating', 'False', 'ClusterNotReady'],
    ['error', {}, { state: 'error', message: 'Error: reconcile replicaset: get rs0 status: timeout' }, 'Failed', 'False', 'ClusterFailed'],
    ['stopping', { stopped: true }, { state: 'stopping' }, 'Stopping', 'False', 'Stopped'],
    ['paused', { stopped: true }, { state: 'paused', replsets: { rs0: { size: 3, ready: 0, status: 'paused', initialized: true } } }, 'Stopped', 'False', 'Stopped'],
    ['starting again after a pause', {}, { state: 'initializing', replsets: { rs0: { size: 3, ready: 0, status: 'paused', initialized: true } } }, 'Updating', 'False', 'ClusterNotReady'],
  ])('%s', (_name, extra, status, phase, ready, reason) => {
    const res = status === 'none' ? sync(databaseCluster('events', spec(extra))) : observe(extra, status as Obj | undefined)
    expect(res.status.phase).toBe(phase)
    expect(condition(res.status, 'Ready')).toMatchObject({ status: ready, reason })
    expect(condition(res.status, 'Progressing')?.status).toBe(['Ready', 'Stopped', 'Failed'].includes(phase) ? 'False' : 'True')
  })

  it('a ready state the operator wrote for an older generation is not taken as ready', () => {
    const res = observe({}, readyStatus(), RELATED, 2)
    expect(res.status.phase).toBe('Updating')
    expect(condition(res.status, 'Ready')).toMatchObject({ status: 'False', reason: 'ClusterNotReady' })
  })

  it('the operator\'s own view is kept verbatim', () => {
    const res = observe({}, { state: 'error', message: 'Error: TLS must be enabled' })
    expect(res.status.engine).toEqual({ kind: 'PerconaServerMongoDB', name: 'events', phase: 'error', message: 'Error: TLS must be enabled' })
    expect(String(condition(res.status, 'Ready')?.message)).toBe('Error: TLS must be enabled')
  })
})

describe('members, version and endpoints', () => {
  it('members with their roles, the primary, the version, the rs0 endpoint with the users Secret', () => {
    const members = { 'events-rs0-0': { stateStr: 'SECONDARY' }, 'events-rs0-1': { stateStr: 'PRIMARY' }, 'events-rs0-2': { stateStr: 'STARTUP2' }, 'events-rs0-3': { stateStr: 'DOWN' }, 'events-rs0-4': { stateStr: 'WHATEVER' } }
    const res = observe({ clusterSize: 5 }, readyStatus('events', { replsets: { rs0: { size: 5, ready: 3, initialized: true, members } } }))
    expect(res.status).toMatchObject({
      instances: 5,
      readyInstances: 3,
      ready: '3/5',
      primary: 'events-rs0-1',
      version: '8.0.19-7',
      instanceRoles: [
        { name: 'events-rs0-0', role: 'replica', state: 'healthy' },
        { name: 'events-rs0-1', role: 'primary', state: 'healthy' },
        { name: 'events-rs0-2', role: 'member', state: 'replicating' },
        { name: 'events-rs0-3', role: 'member', state: 'failed' },
        { name: 'events-rs0-4', role: 'member', state: 'unknown' },
      ],
      endpoints: [{ name: 'rs0', role: 'primary', host: 'events-rs0.team-a.svc', port: 27017, secretName: 'events-users' }],
    })
  })

  it.each([
    ['sharded: the mongos Service', { proxy: { enabled: true } }, 'events-mongos.team-a.svc.cluster.local:27017', [{ name: 'mongos', role: 'pooler', host: 'events-mongos.team-a.svc', port: 27017, secretName: 'events-users' }]],
    ['mongos behind a load balancer', { proxy: { enabled: true }, expose: { type: 'external' } }, '203.0.113.7:27017', [{ name: 'mongos', role: 'pooler', host: 'events-mongos.team-a.svc', port: 27017, secretName: 'events-users' }, { name: 'external', role: 'pooler', host: '203.0.113.7', port: 27017, secretName: 'events-users' }]],
    ['members behind load balancers', { expose: { type: 'external' } }, 'a.elb.example.com:27017,b.elb.example.com:27017', [
      { name: 'rs0', role: 'primary', host: 'events-rs0.team-a.svc', port: 27017, secretName: 'events-users' },
      { name: 'external-0', role: 'any', host: 'a.elb.example.com', port: 27017, secretName: 'events-users' },
      { name: 'external-1', role: 'any', host: 'b.elb.example.com', port: 27017, secretName: 'events-users' },
    ]],
    ['load balancers without addresses yet', { expose: { type: 'external' } }, '', [{ name: 'rs0', role: 'primary', host: 'events-rs0.team-a.svc', port: 27017, secretName: 'events-users' }]],
  ])('%s', (_name, extra, host, endpoints) => {
    expect(observe(extra, readyStatus('events', { host })).status.endpoints).toEqual(endpoints)
  })

  it('no endpoints before the PerconaServerMongoDB exists', () => {
    expect(sync(databaseCluster('events', spec())).status.endpoints).toEqual([])
  })
})

describe('backup health from the operator\'s backup objects', () => {
  const ok1 = backupObject('cron-events-1', 'events', 'ready', '2026-01-02T02:00:00Z')
  const ok2 = backupObject('cron-events-2', 'events', 'ready', '2026-01-03T02:00:00Z')
  const failed = backupObject('cron-events-3', 'events', 'error', '2026-01-04T02:00:00Z')
  const otherCluster = backupObject('cron-other-1', 'other', 'ready', '2026-01-05T02:00:00Z')

  it.each([
    ['none yet', [], { configured: true, storageClassName: 's3-default' }, 'Unknown', 'NoBackupYet'],
    ['two complete', [ok1, ok2, otherCluster], { lastSuccessfulBackup: '2026-01-03T02:00:00Z', firstRecoverabilityPoint: '2026-01-02T02:00:00Z' }, 'True', 'BackupSucceeded'],
    ['the newest failed', [ok1, failed], { lastSuccessfulBackup: '2026-01-02T02:00:00Z', lastFailedBackup: '2026-01-04T02:00:00Z', message: 'backup cron-events-3 failed: upload failed: 403 Forbidden' }, 'False', 'BackupFailing'],
    ['a failure before the newest success', [failed, backupObject('cron-events-4', 'events', 'ready', '2026-01-05T02:00:00Z')], { lastSuccessfulBackup: '2026-01-05T02:00:00Z', lastFailedBackup: '2026-01-04T02:00:00Z' }, 'True', 'BackupSucceeded'],
    ['running backups do not count', [backupObject('cron-events-5', 'events', 'running', '2026-01-06T02:00:00Z')], { configured: true }, 'Unknown', 'NoBackupYet'],
  ])('%s', (_name, backups, expected, status, reason) => {
    const res = observe({ backup: BACKUP }, readyStatus(), [...RELATED, ...backups])
    expect(res.status.backup).toMatchObject(expected)
    if (!('message' in expected)) expect((res.status.backup as Obj).message).toBeUndefined()
    expect(condition(res.status, 'BackupHealthy')).toMatchObject({ status, reason })
  })

  it('without backups configured the data is said to be unprotected', () => {
    expect(condition(observe({}, readyStatus()).status, 'BackupHealthy')).toMatchObject({ status: 'False', reason: 'BackupNotConfigured' })
  })
})

describe('the status is stable', () => {
  it('computed from observed objects only: a later call with nothing changed writes the same status', () => {
    const parent = databaseCluster('events', spec({ backup: BACKUP }))
    const children = applied(parent, RELATED, readyStatus())
    const first = sync(parent, children, RELATED)
    const again = sync({ ...parent, status: first.status }, children, RELATED, LATER)
    expect(again.status).toEqual(first.status)
  })
})
