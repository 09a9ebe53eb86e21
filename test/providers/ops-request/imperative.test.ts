import { describe, expect, it } from 'vitest'
import { mysqlNames } from '../../../providers/mysql/names.js'
import type { KObject } from '../../../providers/shared/kube.js'
import { condition } from '../../support/clusters.js'
import { JOB_DONE, T0, applied, at, notReady, opsRequest, opsSync, targetCluster } from '../../support/ops.js'

function planOf(children: KObject[]): { steps: Record<string, unknown>[] } {
  const cm = children.find((c) => c.metadata.name.endsWith('-run-plan'))
  return JSON.parse((cm!.data as Record<string, string>)['plan.json']!)
}

const PG = targetCluster()
const PG_BACKED_UP = targetCluster({ ...(PG.spec as object), backup: { storageClassName: 's3-default' } })
const PXC = targetCluster({ engine: 'mysql', clusterSize: 3, storage: '10Gi', backup: { storageClassName: 's3', location: 'aws' } }, {}, 1, 'shop')
const PXC_LONG = targetCluster({ engine: 'mysql', clusterSize: 3, storage: '10Gi', backup: { storageClassName: 's3' } }, { backup: { configured: true, storageName: 'primary' } }, 1, 'orders-eu-west-production-primary')
const PSMDB = targetCluster({ engine: 'mongodb', clusterSize: 3, storage: '10Gi', backup: { storageClassName: 's3', location: 'aws' } }, {}, 1, 'events')
const KAFKA = targetCluster({ engine: 'kafka', clusterSize: 3, storage: '10Gi' }, { instanceRoles: [{ name: 'logs-dual-0', role: 'broker', state: 'healthy' }, { name: 'logs-dual-1', role: 'broker', state: 'healthy' }] }, 1, 'logs')

describe('imperative operations are planned the way each operator expects', () => {
  it.each([
    ['postgresql Restart: restartedAt on the CNPG Cluster', PG, { type: 'Restart' }, [{ action: 'mergePatch', target: { kind: 'Cluster', resource: 'clusters', name: 'postgresql-demo' }, patch: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': T0 } } } }]],
    [
      'postgresql Switchover: targetPrimary on the CNPG Cluster status, first healthy replica by default',
      PG,
      { type: 'Switchover' },
      [{ action: 'mergePatch', subresource: 'status', patch: { status: { targetPrimary: 'postgresql-demo-2', phase: 'Switchover in progress' } } }],
    ],
    [
      'postgresql RebuildInstance: delete the PVCs, then the Pod',
      PG,
      { type: 'RebuildInstance', rebuildInstance: { instance: 'postgresql-demo-3' } },
      [
        { action: 'delete', target: { kind: 'PersistentVolumeClaim', name: 'postgresql-demo-3' } },
        { action: 'delete', target: { kind: 'PersistentVolumeClaim', name: 'postgresql-demo-3-wal' } },
        { action: 'delete', target: { kind: 'Pod', name: 'postgresql-demo-3' } },
      ],
    ],
    ['postgresql Backup: a plugin Backup object', PG_BACKED_UP, { type: 'Backup', backup: { name: 'before-migration' } }, [{ action: 'create', object: { kind: 'Backup', metadata: { name: 'before-migration' }, spec: { cluster: { name: 'postgresql-demo' }, method: 'plugin' } } }]],
    [
      'postgresql Restore: a new DatabaseCluster bootstrapped from the backup',
      PG_BACKED_UP,
      { type: 'Restore', restore: { backupName: 'before-migration', targetClusterName: 'pg-restored', pointInTime: '2026-01-01T00:00:00Z' } },
      [{ action: 'create', object: { kind: 'DatabaseCluster', metadata: { name: 'pg-restored' }, spec: { engine: 'postgresql', clusterSize: 3, dataSource: { backupName: 'before-migration', pointInTime: '2026-01-01T00:00:00Z' } } } }],
    ],
    ['mysql Restart: rollout restart of the pxc StatefulSet', PXC, { type: 'Restart' }, [{ action: 'mergePatch', target: { kind: 'StatefulSet', name: 'shop-pxc' } }]],
    ['mysql Backup: a PerconaXtraDBClusterBackup to the cluster\'s storage', PXC, { type: 'Backup' }, [{ action: 'create', object: { kind: 'PerconaXtraDBClusterBackup', spec: { pxcCluster: 'shop', storageName: 'aws' } } }]],
    ['mysql Restore in place, to a point in time', PXC, { type: 'Restore', restore: { backupName: 'b1', pointInTime: '2026-01-01T12:30:00Z' } }, [{ action: 'create', object: { kind: 'PerconaXtraDBClusterRestore', spec: { pxcCluster: 'shop', backupName: 'b1', pitr: { type: 'date', date: '2026-01-01 12:30:00' } } } }]],
    ['mongodb RebuildInstance: data PVC and Pod', PSMDB, { type: 'RebuildInstance', rebuildInstance: { instance: 'events-2' } }, [{ action: 'delete', target: { name: 'mongod-data-events-2' } }, { action: 'delete', target: { name: 'events-2' } }]],
    ['mysql Backup without spec.backup.location: the main storage the cluster status reports', PXC_LONG, { type: 'Backup' }, [{ action: 'create', object: { kind: 'PerconaXtraDBClusterBackup', spec: { pxcCluster: mysqlNames.pxc('orders-eu-west-production-primary'), storageName: 'primary' } } }]],
    ['mysql Restart of a long-named cluster: the StatefulSet of the shortened PerconaXtraDBCluster', PXC_LONG, { type: 'Restart' }, [{ action: 'mergePatch', target: { kind: 'StatefulSet', name: `${mysqlNames.pxc('orders-eu-west-production-primary')}-pxc` } }]],
    ['mongodb Backup', PSMDB, { type: 'Backup' }, [{ action: 'create', object: { kind: 'PerconaServerMongoDBBackup', spec: { clusterName: 'events', storageName: 'aws' } } }]],
    ['kafka Restart: Strimzi manual rolling update on every broker', KAFKA, { type: 'Restart' }, [{ target: { kind: 'Pod', name: 'logs-dual-0' }, patch: { metadata: { annotations: { 'strimzi.io/manual-rolling-update': 'true' } } } }, { target: { name: 'logs-dual-1' } }]],
  ])('%s', (_name, cluster, spec, steps) => {
    const r = opsSync(opsRequest('op', { clusterRef: cluster.metadata.name, ...spec }), [cluster], [], at(T0))
    expect(r.status.phase).toBe('Running')
    expect(planOf(r.children).steps).toMatchObject(steps)
  })

  it('Backup without spec.backup on the cluster fails with a reason', () => {
    const r = opsSync(opsRequest('op', { clusterRef: 'postgresql-demo', type: 'Backup' }), [PG])
    expect(condition(r.status, 'Completed')).toMatchObject({ reason: 'BackupNotConfigured' })
  })
})

describe('imperative operations are tracked on the cluster\'s status', () => {
  function run(cluster: KObject, spec: Record<string, unknown>, after: KObject[], time: string) {
    const parent = opsRequest('op', { clusterRef: cluster.metadata.name, ...spec })
    const first = opsSync(parent, [cluster], [], at(T0))
    return opsSync({ ...parent, status: first.status }, after, applied(parent, first, JOB_DONE), at(time))
  }

  it('Switchover succeeds when the new primary is in place', () => {
    expect(run(PG, { type: 'Switchover' }, [PG], '2026-01-01T00:02:00Z').status.phase).toBe('Running')
    const switched = targetCluster(PG.spec as Record<string, unknown>, { primary: 'postgresql-demo-2' })
    expect(run(PG, { type: 'Switchover' }, [switched], '2026-01-01T00:02:00Z').status.phase).toBe('Succeeded')
  })

  it('Restart succeeds once a disruption was seen and the cluster is ready again, or after a settle time', () => {
    expect(run(PG, { type: 'Restart' }, [notReady(PG)], '2026-01-01T00:01:30Z').status).toMatchObject({ phase: 'Running' })
    expect(run(PG, { type: 'Restart' }, [PG], '2026-01-01T00:01:30Z').status.phase).toBe('Running')
    expect(run(PG, { type: 'Restart' }, [PG], '2026-01-01T00:03:00Z').status.phase).toBe('Succeeded')
  })

  it('Backup succeeds when a backup newer than the request completes, fails when one fails', () => {
    const ok = targetCluster(PG_BACKED_UP.spec as Record<string, unknown>, { backup: { configured: true, lastSuccessfulBackup: '2026-01-01T00:04:00Z' } })
    expect(run(PG_BACKED_UP, { type: 'Backup' }, [ok], '2026-01-01T00:05:00Z').status.phase).toBe('Succeeded')
    const bad = targetCluster(PG_BACKED_UP.spec as Record<string, unknown>, { backup: { configured: true, lastSuccessfulBackup: '2025-12-31T00:00:00Z', lastFailedBackup: '2026-01-01T00:04:00Z' } })
    expect(run(PG_BACKED_UP, { type: 'Backup' }, [bad], '2026-01-01T00:05:00Z').status.phase).toBe('Failed')
  })

  it('Restore into a new cluster succeeds when that cluster is ready', () => {
    const spec = { type: 'Restore', restore: { backupName: 'b1', targetClusterName: 'pg-restored' } }
    expect(run(PG_BACKED_UP, spec, [PG_BACKED_UP], '2026-01-01T00:05:00Z').status.phase).toBe('Running')
    const restored = targetCluster(PG.spec as Record<string, unknown>, {}, 1, 'pg-restored')
    expect(run(PG_BACKED_UP, spec, [PG_BACKED_UP, restored], '2026-01-01T00:05:00Z').status.phase).toBe('Succeeded')
  })
})
