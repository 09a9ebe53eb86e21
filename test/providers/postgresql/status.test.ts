import { describe, expect, it } from 'vitest'
import type { KObject } from '../../../providers/shared/kube.js'
import { applyChild } from '../../support/metacontroller.js'
import { CTX, LATER, S3_CLASS, S3_SECRET, SEED_SPEC, condition, databaseCluster, sync } from '../../support/clusters.js'

/** CloudNativePG statuses in the shapes CNPG 1.30 writes (api/v1/cluster_types.go, docs/src/troubleshooting.md). */
const healthy = {
  instances: 3,
  readyInstances: 3,
  phase: 'Cluster in healthy state',
  currentPrimary: 'pg-1',
  targetPrimary: 'pg-1',
  instanceNames: ['pg-1', 'pg-2', 'pg-3'],
  instancesStatus: { healthy: ['pg-1', 'pg-2', 'pg-3'] },
  image: 'ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie',
  writeService: 'pg-rw',
  readService: 'pg-r',
  conditions: [
    { type: 'Ready', status: 'True', reason: 'ClusterIsReady', message: 'Cluster is Ready', lastTransitionTime: '2026-01-01T00:00:00Z' },
    { type: 'ContinuousArchiving', status: 'True', reason: 'ContinuousArchivingSuccess', message: 'Continuous archiving is working', lastTransitionTime: '2026-01-01T00:00:00Z' },
  ],
}

const settingUp = { instances: 1, readyInstances: 0, phase: 'Setting up primary', phaseReason: 'Creating primary instance pg-1', instanceNames: ['pg-1'], instancesStatus: { failed: ['pg-1'] } }
const failingOver = { ...healthy, readyInstances: 2, phase: 'Failing over', phaseReason: 'Failing over from pg-1 to pg-2', currentPrimary: 'pg-1', targetPrimary: 'pg-2', instancesStatus: { healthy: ['pg-2', 'pg-3'], failed: ['pg-1'] }, conditions: [{ type: 'Ready', status: 'False', reason: 'ClusterIsNotReady', message: 'Cluster Is Not Ready', lastTransitionTime: '2026-01-01T00:00:00Z' }] }
const invalid = { instances: 0, readyInstances: 0, phase: 'Invalid cluster definition', phaseReason: 'spec.storage.size is required' }
const hibernated = {
  instances: 3,
  readyInstances: 0,
  phase: 'Cluster in healthy state',
  conditions: [{ type: 'cnpg.io/hibernation', status: 'True', reason: 'Hibernated', message: 'Cluster has been hibernated', lastTransitionTime: '2026-01-01T00:00:00Z' }],
}
const archivingFailing = {
  ...healthy,
  conditions: [
    { type: 'ContinuousArchiving', status: 'False', reason: 'ContinuousArchivingFailing', message: 'unexpected failure invoking barman-cloud-wal-archive: exit status 2', lastTransitionTime: '2026-01-01T00:00:00Z' },
    { type: 'LastBackupSucceeded', status: 'False', reason: 'LastBackupFailed', message: 'exit status 2', lastTransitionTime: '2026-01-01T00:00:00Z' },
    { type: 'Ready', status: 'True', reason: 'ClusterIsReady', message: 'Cluster is Ready', lastTransitionTime: '2026-01-01T00:00:00Z' },
  ],
}

function observe(spec: Record<string, unknown>, clusterStatus: Record<string, unknown> | undefined, related: KObject[] = [], storeStatus?: Record<string, unknown>) {
  const parent = databaseCluster('pg', spec)
  const children = sync(parent, [], related).children.map((c, i) => {
    const status = c.kind === 'Cluster' ? clusterStatus : c.kind === 'ObjectStore' ? storeStatus : undefined
    return applyChild(c, parent, status, i + 1)
  })
  return { parent, children, res: sync(parent, children, related) }
}

describe('postgresql status: CloudNativePG phases mapped onto ours', () => {
  it.each([
    ['healthy', SEED_SPEC, healthy, 'Ready', 'True', 'ClusterReady'],
    ['no status yet', SEED_SPEC, undefined, 'Creating', 'False', 'Creating'],
    ['setting up the primary', SEED_SPEC, settingUp, 'Creating', 'False', 'ClusterNotReady'],
    ['setting up the primary from a backup', { ...SEED_SPEC, dataSource: { backupName: 'b1' } }, settingUp, 'Restoring', 'False', 'ClusterNotReady'],
    ['failing over', SEED_SPEC, failingOver, 'Updating', 'False', 'ClusterNotReady'],
    ['invalid definition', SEED_SPEC, invalid, 'Failed', 'False', 'ClusterFailed'],
    ['hibernated on request', { ...SEED_SPEC, stopped: true }, hibernated, 'Stopped', 'False', 'Stopped'],
    ['hibernation requested, not done', { ...SEED_SPEC, stopped: true }, healthy, 'Stopping', 'False', 'Stopped'],
    ['scaled up, not yet there', { ...SEED_SPEC, clusterSize: 5 }, healthy, 'Updating', 'False', 'ClusterNotReady'],
  ])('%s', (_name, spec, clusterStatus, phase, ready, reason) => {
    const { res } = observe(spec, clusterStatus)
    expect(res.status.phase).toBe(phase)
    expect(condition(res.status, 'Ready')).toMatchObject({ status: ready, reason })
    expect(condition(res.status, 'Progressing')?.status).toBe(['Ready', 'Stopped', 'Failed'].includes(phase) ? 'False' : 'True')
  })

  it('reports instances, roles, primary, version and the engine\'s own phase', () => {
    const { res } = observe(SEED_SPEC, failingOver)
    expect(res.status).toMatchObject({
      instances: 3,
      readyInstances: 2,
      ready: '2/3',
      primary: 'pg-1',
      version: '18.4',
      instanceRoles: [
        { name: 'pg-1', role: 'primary', state: 'failed' },
        { name: 'pg-2', role: 'replica', state: 'healthy' },
        { name: 'pg-3', role: 'replica', state: 'healthy' },
      ],
      engine: { kind: 'Cluster', name: 'pg', phase: 'Failing over', message: 'Failing over from pg-1 to pg-2' },
    })
  })

  it('endpoints: rw, ro, r and the pooler, with the app credentials Secret', () => {
    const { res } = observe({ ...SEED_SPEC, proxy: { enabled: true } }, healthy)
    expect(res.status.endpoints).toEqual([
      { name: 'rw', role: 'primary', host: 'pg-rw.team-a.svc', port: 5432, secretName: 'pg-app' },
      { name: 'ro', role: 'replica', host: 'pg-ro.team-a.svc', port: 5432, secretName: 'pg-app' },
      { name: 'r', role: 'any', host: 'pg-r.team-a.svc', port: 5432, secretName: 'pg-app' },
      { name: 'pooler', role: 'pooler', host: 'pg-pooler.team-a.svc', port: 5432, secretName: 'pg-app' },
    ])
  })

  it('no endpoints before the Cluster exists', () => {
    expect(sync(databaseCluster('pg', SEED_SPEC)).status.endpoints).toEqual([])
  })
})

describe('postgresql status: backup health from the ObjectStore recovery window and the archiving conditions', () => {
  const spec = { ...SEED_SPEC, backup: { storageClassName: 's3-default' } }
  const related = [S3_CLASS, S3_SECRET]

  it('healthy: last backup and first recoverability point', () => {
    const window = { serverRecoveryWindow: { pg: { firstRecoverabilityPoint: '2026-01-01T00:10:00Z', lastSuccessfulBackupTime: '2026-01-02T00:05:00Z' } } }
    const { res } = observe(spec, healthy, related, window)
    expect(res.status.backup).toEqual({ configured: true, storageClassName: 's3-default', lastSuccessfulBackup: '2026-01-02T00:05:00Z', firstRecoverabilityPoint: '2026-01-01T00:10:00Z', continuousArchiving: 'True' })
    expect(condition(res.status, 'BackupHealthy')).toMatchObject({ status: 'True', reason: 'BackupSucceeded' })
  })

  it('no backup yet: Unknown, not a false alarm and not a false comfort', () => {
    const { res } = observe(spec, healthy, related)
    expect(condition(res.status, 'BackupHealthy')).toMatchObject({ status: 'Unknown', reason: 'NoBackupYet' })
  })

  it('archiving failing while the cluster is Ready: BackupHealthy turns False with the operator\'s message', () => {
    const { res } = observe(spec, archivingFailing, related)
    expect(condition(res.status, 'Ready')?.status).toBe('True')
    expect(condition(res.status, 'BackupHealthy')).toMatchObject({ status: 'False', reason: 'BackupFailing', message: 'last backup failed: exit status 2' })
  })

  it('a failed backup newer than the last success', () => {
    const window = { serverRecoveryWindow: { pg: { lastSuccessfulBackupTime: '2026-01-02T00:00:00Z', lastFailedBackupTime: '2026-01-03T00:00:00Z' } } }
    const { res } = observe(spec, healthy, related, window)
    expect(condition(res.status, 'BackupHealthy')).toMatchObject({ status: 'False', reason: 'LastBackupFailed' })
  })
})

describe('postgresql status is stable', () => {
  it('the same observation twice gives the same status, and transition times stay put', () => {
    const { parent, children, res } = observe(SEED_SPEC, healthy)
    const again = sync({ ...parent, status: res.status }, children, [], LATER)
    expect(again.status).toEqual(res.status)
  })

  it('a condition that flips gets the new time; the others keep theirs', () => {
    const { parent, res } = observe(SEED_SPEC, healthy)
    const children = sync(parent).children.map((c, i) => applyChild(c, parent, failingOver, i + 1))
    const later = sync({ ...parent, status: res.status }, children, [], LATER)
    expect(condition(later.status, 'Ready')).toMatchObject({ status: 'False', lastTransitionTime: LATER.now })
    expect(condition(later.status, 'SpecValid')?.lastTransitionTime).toBe(CTX.now)
  })
})
