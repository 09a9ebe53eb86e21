/** What WipeOut empties: exactly the folders the providers configure, and the engine's backup objects of this cluster only. */
import { describe, expect, it } from 'vitest'
import { wipeWork } from '../../../../providers/database-cluster/wipe-out/folders.js'
import { providerFor } from '../../../../providers/database-cluster/registry.js'
import type { KObject } from '../../../../providers/shared/kube.js'
import { storageClass } from '../../../support/clusters.js'
import { relatedMap } from '../../../support/metacontroller.js'
import { BASE_RELATED, engineBackup, NS, parsed, PG_WIPE, wipeCluster } from '../../../support/wipe-out.js'

function work(spec: Record<string, unknown>, related: KObject[] = BASE_RELATED, name = 'orders') {
  const cluster = parsed(wipeCluster(name, spec))
  const result = wipeWork(cluster, relatedMap(related), providerFor(cluster.spec.engine))
  return result
}

describe('wipeWork', () => {
  it('postgresql with engine and logical backups: the barman folder in the engine\'s location and the dump folder in every location of the logical class', () => {
    const result = work(PG_WIPE)
    expect(result.ok).toBe(true)
    if (!result.ok || result.value === undefined) return
    const w = result.value
    expect(w.targets.map((t) => [t.location.name, t.prefix])).toEqual([
      ['e-primary', `${NS}/orders/`],
      ['l-minio', `${NS}/orders-logical/`],
      ['l-nfs', `${NS}/orders-logical/`],
    ])
    expect(w.targets[0]?.location.s3).toMatchObject({ bucket: 'db-backups', prefix: 'prod', credentials: true })
    expect(w.targets[2]?.location.filesystem).toEqual({ path: '/backups/l-nfs/dumps' })
    expect(w.claims).toEqual([{ location: 'l-nfs', claimName: 'backup-nfs' }])
    expect(Object.keys(w.secretData).sort()).toEqual(['e-primary.AWS_ACCESS_KEY_ID', 'e-primary.AWS_SECRET_ACCESS_KEY', 'l-minio.AWS_ACCESS_KEY_ID', 'l-minio.AWS_SECRET_ACCESS_KEY'])
    expect(w.engineFolder?.prefix).toBe(`${NS}/orders/`)
    expect(w.targets[0]?.what).toContain('barman-cloud')
  })

  it('uses backup.serverName and backup.location as the engine does', () => {
    const result = work({ ...PG_WIPE, backup: { storageClassName: 'gcs', serverName: 'orders-v2', location: 'eu' } })
    expect(result.ok && result.value?.targets.map((t) => [t.location.name, t.location.gcs?.bucket, t.prefix])).toEqual([['e-eu', 'pg-eu', `${NS}/orders-v2/`]])
  })

  it.each<[string, Record<string, unknown>, KObject[], string[]]>([
    [
      'postgresql: CloudNativePG Backups of this Cluster',
      { ...PG_WIPE },
      [engineBackup('postgresql.cnpg.io/v1', 'Backup', 'orders-daily-1', { cluster: { name: 'orders' } }), engineBackup('postgresql.cnpg.io/v1', 'Backup', 'orders2-daily-1', { cluster: { name: 'orders2' } }), engineBackup('postgresql.cnpg.io/v1', 'Backup', 'orders-x', { cluster: { name: 'orders' } }, 'team-b')],
      ['orders-daily-1'],
    ],
    [
      'mysql: PerconaXtraDBClusterBackups of this PXC',
      { ...PG_WIPE, engine: 'mysql', backup: { storageClassName: 's3-default' } },
      [engineBackup('pxc.percona.com/v1', 'PerconaXtraDBClusterBackup', 'b2', { pxcCluster: 'orders' }), engineBackup('pxc.percona.com/v1', 'PerconaXtraDBClusterBackup', 'b1', { pxcCluster: 'orders' }), engineBackup('pxc.percona.com/v1', 'PerconaXtraDBClusterBackup', 'c', { pxcCluster: 'other' })],
      ['b1', 'b2'],
    ],
    [
      'mongodb: PerconaServerMongoDBBackups of this replica set',
      { ...PG_WIPE, engine: 'mongodb', backup: { storageClassName: 's3-default' } },
      [engineBackup('psmdb.percona.com/v1', 'PerconaServerMongoDBBackup', 'm1', { clusterName: 'orders' }), engineBackup('psmdb.percona.com/v1', 'PerconaServerMongoDBBackup', 'm2', { clusterName: 'ordersx' })],
      ['m1'],
    ],
  ])('%s', (_name, spec, objects, names) => {
    const result = work(spec, [...BASE_RELATED, ...objects])
    expect(result.ok && result.value?.objects.map((o) => o.ref.name)).toEqual(names)
    expect(result.ok && result.value?.objects.every((o) => o.ref.namespace === NS && o.uid === `uid-${o.ref.name}`)).toBe(true)
  })

  it('nothing to wipe without backups or backup objects; kafka has none', () => {
    expect(work({ ...PG_WIPE, backup: undefined })).toEqual({ ok: true, value: undefined })
    expect(work({ engine: 'kafka', clusterSize: 3, storage: '10Gi', deletionPolicy: 'WipeOut' })).toEqual({ ok: true, value: undefined })
  })

  it('a location reached with the pods\' cloud identity (no credentials Secret) is refused: the wipe Job has no such identity', () => {
    const irsa = storageClass('irsa', [{ name: 'aws', s3: { bucket: 'irsa-backups', region: 'eu-west-1' } }])
    const result = work({ ...PG_WIPE, backup: { storageClassName: 'irsa' } }, [...BASE_RELATED, irsa])
    expect(result).toMatchObject({ ok: false, reason: 'WorkloadIdentity' })
    expect(!result.ok && result.message).toContain('ServiceAccount orders-wipe')
  })

  it('a missing storage class or credentials Secret is a lookup failure, never a guess', () => {
    const missingClass = work(PG_WIPE, BASE_RELATED.filter((o) => o.metadata.name !== 'dumps'))
    expect(missingClass).toMatchObject({ ok: false, reason: 'StorageClassNotFound' })
    const missingSecret = work(PG_WIPE, BASE_RELATED.filter((o) => o.metadata.name !== 's3-creds'))
    expect(missingSecret.ok).toBe(false)
  })
})
