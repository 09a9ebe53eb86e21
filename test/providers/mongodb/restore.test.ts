import { describe, expect, it } from 'vitest'
import type { KObject } from '../../../providers/shared/kube.js'
import { condition, databaseCluster, simulator, sync } from '../../support/clusters.js'
import { BACKUP, RELATED, applied, backupObject, problemsOf, readyStatus, spec, withStatus } from './fixtures.js'

type Obj = Record<string, any>

const kinds = (children: readonly KObject[]) => children.map((c) => `${c.kind}/${c.metadata.name}`)
const restoreOf = (children: readonly KObject[]) => children.find((c) => c.kind === 'PerconaServerMongoDBRestore')

/** A fake operator: the cluster becomes ready, the Restore reports `restoreState`. */
function operator(restoreState: string | undefined) {
  return (c: KObject): Obj | undefined => {
    if (c.kind === 'PerconaServerMongoDB') return readyStatus('events')
    if (c.kind === 'PerconaServerMongoDBRestore' && restoreState !== undefined) return { state: restoreState, ...(restoreState === 'error' ? { error: 'backup not found in storage' } : {}) }
    return undefined
  }
}

describe('an in-place restore takes two steps: the cluster, then (once ready) the Restore', () => {
  const ds = { backupName: 'cron-src-1', pointInTime: '2026-01-02T14:30:15+02:00' }
  const related = [...RELATED, backupObject('cron-src-1', 'src', 'ready', '2026-01-02T02:00:00Z')]
  const parent = databaseCluster('events', spec({ dataSource: ds }))

  it('first the PerconaServerMongoDB alone, marked as created for the restore, with PBM agents', () => {
    const res = sync(parent, [], related)
    expect(kinds(res.children)).toEqual(['PerconaServerMongoDB/events'])
    expect(res.children[0]).toMatchObject({ metadata: { annotations: { 'dbaas.io/restore-on-create': 'backup cron-src-1 at 2026-01-02T14:30:15+02:00' } }, spec: { backup: { enabled: true, image: 'percona/percona-backup-mongodb:2.12.0' } } })
    expect(res.status.dataSource).toEqual({ applied: false, source: 'backup cron-src-1 at 2026-01-02T14:30:15+02:00' })
  })

  it('while the cluster starts: Restoring, waiting; no Restore yet', () => {
    const res = sync(parent, applied(parent, related, { state: 'initializing' }), related)
    expect(kinds(res.children)).toEqual(['PerconaServerMongoDB/events'])
    expect(res.status.phase).toBe('Restoring')
    expect(condition(res.status, 'Ready')).toMatchObject({ status: 'False', reason: 'Restoring', message: expect.stringMatching(/waiting for the cluster to be ready/) })
  })

  it('once ready: the Restore, from the other cluster\'s backup through its recorded storage, at the moment in UTC', () => {
    const res = sync(parent, applied(parent, related, readyStatus()), related)
    const restore = restoreOf(res.children)
    expect(restore?.spec).toEqual({
      clusterName: 'events',
      backupSource: { type: 'logical', destination: 's3://db-backups/prod/team-a/src/2026-01-02T02:00:00Z', s3: { bucket: 'db-backups', prefix: 'prod/team-a/src', region: 'eu-central-1', credentialsSecret: 'src-backup-credentials' } },
      pitr: { type: 'date', date: '2026-01-02 12:30:15' },
    })
    expect(restore?.metadata).toMatchObject({ name: 'events-restore', labels: { 'dbaas.io/engine': 'mongodb', 'app.kubernetes.io/component': 'restore' } })
    expect(problemsOf(res.children)).toEqual([])
    expect(res.status.phase).toBe('Restoring')
  })

  it.each([
    ['requested', 'Restoring', 'False', 'Restoring', false],
    ['running', 'Restoring', 'False', 'Restoring', false],
    ['error', 'Failed', 'False', 'RestoreFailed', false],
    ['ready', 'Ready', 'True', 'ClusterReady', true],
  ])('the Restore reports %s → %s', (state, phase, ready, reason, done) => {
    const sim = simulator(parent, related, operator(state))
    sim.step()
    sim.step()
    const res = sim.step()
    expect(kinds(res.children)).toEqual(['PerconaServerMongoDB/events', 'PerconaServerMongoDBRestore/events-restore'])
    expect(res.status).toMatchObject({ phase, dataSource: { applied: true } })
    expect(condition(res.status, 'Ready')).toMatchObject({ status: ready, reason })
    if (state === 'error') expect(String(condition(res.status, 'Ready')?.message)).toMatch(/events-restore is error: backup not found in storage/)
    expect(condition(res.status, 'Ready')?.status === 'True').toBe(done)
  })
})

describe('a restore never runs twice', () => {
  const related = [...RELATED, backupObject('cron-events-1', 'events', 'ready', '2026-01-02T02:00:00Z')]
  const parent = databaseCluster('events', spec({ backup: BACKUP, dataSource: { backupName: 'cron-events-1' } }))

  it('its own backup in its own storage is restored by name; the observed Restore is kept as applied', () => {
    const sim = simulator(parent, related, operator('ready'))
    sim.step()
    const second = sim.step()
    expect(restoreOf(second.children)?.spec).toEqual({ clusterName: 'events', backupName: 'cron-events-1' })
    const third = sim.step()
    expect(third.children).toEqual(second.children)
    expect(sim.deleted).toEqual([])
  })

  it('deleted after it was recorded, it is not created again, not even when the backup changes', () => {
    const sim = simulator(parent, related, operator('ready'))
    for (let i = 0; i < 3; i++) sim.step()
    expect(sim.parent.status).toMatchObject({ dataSource: { applied: true } })
    sim.children = sim.children.filter((c) => c.kind !== 'PerconaServerMongoDBRestore')
    for (let i = 0; i < 3; i++) expect(restoreOf(sim.step().children)).toBeUndefined()
    expect(sim.parent.status).toMatchObject({ phase: 'Ready', dataSource: { applied: true } })
  })

  it('the answer that creates the Restore records it, so one deleted before any sync saw it is not created again', () => {
    const sim = simulator(parent, related, operator('ready'))
    sim.step()
    const creating = sim.step()
    expect(restoreOf(creating.children)).toBeDefined()
    expect(creating.status).toMatchObject({ dataSource: { applied: true } })
    sim.children = sim.children.filter((c) => c.kind !== 'PerconaServerMongoDBRestore')
    for (let i = 0; i < 3; i++) expect(restoreOf(sim.step().children)).toBeUndefined()
  })

  it('recorded in status alone (the Restore never observed again), nothing is created', () => {
    const children = applied(parent, related, readyStatus())
    const recorded = databaseCluster('events', parent.spec as Obj, { status: { dataSource: { applied: true, source: 'backup cron-events-1' } } })
    const res = sync(recorded, children, related)
    expect(restoreOf(res.children)).toBeUndefined()
    expect(res.status.dataSource).toEqual({ applied: true, source: 'backup cron-events-1' })
  })

  it('removing dataSource drops the finished Restore and keeps the record', () => {
    const sim = simulator(parent, related, operator('ready'))
    for (let i = 0; i < 3; i++) sim.step()
    sim.setSpec(spec({ backup: BACKUP }))
    const res = sim.step()
    expect(kinds(res.children)).toEqual(['PerconaServerMongoDB/events', 'Secret/events-backup-credentials'])
    expect(res.status.dataSource).toEqual({ applied: true, source: 'backup cron-events-1' })
    expect(res.children[0]?.metadata.annotations?.['dbaas.io/restore-on-create']).toBe('backup cron-events-1')
    sim.setSpec(spec({ backup: BACKUP, dataSource: { backupName: 'cron-events-1' } }))
    expect(restoreOf(sim.step().children)).toBeUndefined()
  })

  it('a data source added to a running cluster is ignored and said so', () => {
    const running = databaseCluster('events', spec({ backup: BACKUP }))
    const children = applied(running, related, readyStatus())
    const res = sync(databaseCluster('events', spec({ backup: BACKUP, dataSource: { backupName: 'cron-events-1' } }), { generation: 2 }), children, related)
    expect(restoreOf(res.children)).toBeUndefined()
    expect(res.status).toMatchObject({ phase: 'Ready', dataSource: { applied: false, source: expect.stringMatching(/ignored: .*OpsRequest of type Restore/) } })
  })
})

describe('clones and restores from storage', () => {
  const src = databaseCluster('src', spec({ backup: BACKUP }))
  const backups = [backupObject('cron-src-1', 'src', 'ready', '2026-01-02T02:00:00Z'), backupObject('cron-src-2', 'src', 'ready', '2026-01-03T02:00:00Z'), backupObject('cron-src-3', 'src', 'error', '2026-01-04T02:00:00Z')]

  function restoreSpec(ds: Obj, related: KObject[]): Obj | undefined {
    const parent = databaseCluster('events', spec({ dataSource: ds }))
    const ready = applied(parent, related, readyStatus()).map((c) => (c.kind === 'PerconaServerMongoDB' ? withStatus(c, readyStatus()) : c))
    const res = sync(parent, ready, related)
    expect(problemsOf(res.children)).toEqual([])
    return restoreOf(res.children)?.spec as Obj | undefined
  }

  it.each([
    ['the newest complete backup', undefined, '2026-01-03T02:00:00Z'],
    ['for a moment, the newest backup that ends before it', '2026-01-02T23:00:00Z', '2026-01-02T02:00:00Z'],
  ])('a clone restores %s of the source', (_name, pointInTime, pbmName) => {
    const s = restoreSpec({ clusterName: 'src', ...(pointInTime === undefined ? {} : { pointInTime }) }, [...RELATED, src, ...backups])
    expect(s?.backupSource.destination).toBe(`s3://db-backups/prod/team-a/src/${pbmName}`)
    expect(s?.pitr).toEqual(pointInTime === undefined ? undefined : { type: 'date', date: '2026-01-02 23:00:00' })
  })

  it('from storage: a backup on record under that server\'s folder, read with credentials copied for the restore', () => {
    const parent = databaseCluster('events', spec({ dataSource: { backupSource: { storageClassName: 's3-default', serverName: 'src' } } }))
    const related = [...RELATED, ...backups]
    const res = sync(parent, applied(parent, related, readyStatus()), related)
    expect(kinds(res.children)).toEqual(['PerconaServerMongoDB/events', 'Secret/events-restore-credentials', 'PerconaServerMongoDBRestore/events-restore'])
    expect(restoreOf(res.children)?.spec).toEqual({
      clusterName: 'events',
      backupSource: { type: 'logical', destination: 's3://db-backups/prod/team-a/src/2026-01-03T02:00:00Z', s3: { bucket: 'db-backups', prefix: 'prod/team-a/src', region: 'eu-central-1', endpointUrl: 'https://s3.eu-central-1.amazonaws.com', credentialsSecret: 'events-restore-credentials', forcePathStyle: false, insecureSkipTLSVerify: false } },
    })
    expect(problemsOf(res.children)).toEqual([])
    const next = sync(parent, res.children.map((c, i) => ({ ...c, metadata: { ...c.metadata, annotations: { ...c.metadata.annotations, 'metacontroller.k8s.io/last-applied-configuration': JSON.stringify(c) } }, ...(i === 0 ? { status: readyStatus() } : {}) })), related)
    expect(next.children).toEqual(res.children)
  })
})
