/** WipeOut waits while anything else writes to, or still restores from, the folders it would empty. */
import { describe, expect, it } from 'vitest'
import { wipeWork } from '../../../../providers/database-cluster/wipe-out/folders.js'
import { wipeConflicts } from '../../../../providers/database-cluster/wipe-out/guard.js'
import { providerFor } from '../../../../providers/database-cluster/registry.js'
import type { KObject } from '../../../../providers/shared/kube.js'
import { databaseCluster, storageClass } from '../../../support/clusters.js'
import { relatedMap } from '../../../support/metacontroller.js'
import { BASE_RELATED, engineBackup, NS, otherBackup, parsed, PG_WIPE, wipeCluster } from '../../../support/wipe-out.js'

const OURS = wipeCluster('orders', PG_WIPE)

function owned(obj: KObject, uid: string): KObject {
  return { ...obj, metadata: { ...obj.metadata, ownerReferences: [{ apiVersion: 'dbaas.io/v1alpha1', kind: 'DatabaseCluster', name: 'orders', uid, controller: true }] } }
}

function conflicts(extra: KObject[], cluster: KObject = OURS): string[] {
  const c = parsed(cluster)
  const related = relatedMap([...BASE_RELATED, ...extra])
  const work = wipeWork(c, related, providerFor(c.spec.engine))
  if (!work.ok || work.value === undefined) throw new Error('no work')
  return wipeConflicts(c, work.value, related)
}

const pg = (name: string, backup: Record<string, unknown>, extra: { status?: Record<string, unknown>; dataSource?: Record<string, unknown> } = {}) =>
  wipeCluster(name, { engine: 'postgresql', clusterSize: 1, storage: '1Gi', backup, ...(extra.dataSource === undefined ? {} : { dataSource: extra.dataSource }) }, extra.status === undefined ? {} : { status: extra.status })

describe('wipeConflicts', () => {
  it('nothing else in the namespace: free to wipe', () => {
    expect(conflicts([])).toEqual([])
  })

  it.each<[string, KObject[], string | undefined]>([
    ['a cluster with its own folder in the same class', [pg('billing', { storageClassName: 's3-default' })], undefined],
    ['a cluster writing to our folder (serverName orders)', [pg('billing', { storageClassName: 's3-default', serverName: 'orders' })], 'DatabaseCluster billing writes its backups to s3://db-backups/prod/team-a/orders/'],
    ['a cluster with serverName orders in another class', [pg('billing', { storageClassName: 'gcs', serverName: 'orders' })], undefined],
    ['a cluster in another namespace with our name', [databaseCluster('orders', { ...PG_WIPE }, { namespace: 'team-b' })], undefined],
    ['a DatabaseBackup named like our folder in the class', [otherBackup('orders', 's3-default')], 'DatabaseBackup orders writes its backups to s3://db-backups/prod/team-a/orders/'],
    ['a DatabaseBackup named like our dump folder in the dump class', [otherBackup('orders-logical-x', 'dumps'), otherBackup('orders', 'dumps')], undefined],
    ['our own logical DatabaseBackup (owned by this cluster)', [owned(otherBackup('orders-logical', 'dumps'), 'uid-orders')], undefined],
    ['a DatabaseBackup named like our logical child but not ours', [owned(otherBackup('orders-logical', 'dumps'), 'uid-someone-else')], 'DatabaseBackup orders-logical writes its backups to s3://dumps/team-a/orders-logical/'],
    ['a DatabaseBackup named like our logical child, owned by nobody', [otherBackup('orders-logical', 'dumps')], 'DatabaseBackup orders-logical writes its backups to s3://dumps/team-a/orders-logical/'],
    ['itself, and a folder named like our dumps in another class', [wipeCluster('orders', { ...PG_WIPE }), pg('x', { storageClassName: 's3-default', serverName: 'orders-logical' })], undefined],
    ['a cluster still restoring from our backups (clusterName)', [pg('copy', { storageClassName: 'gcs' }, { dataSource: { clusterName: 'orders' }, status: { phase: 'Restoring' } })], 'DatabaseCluster copy (not Ready yet) restores from s3://db-backups/prod/team-a/orders/'],
    ['a clone that is Ready', [pg('copy', { storageClassName: 'gcs' }, { dataSource: { clusterName: 'orders' }, status: { phase: 'Ready' } })], undefined],
    ['a cluster restoring from our folder by backupSource', [pg('copy', { storageClassName: 'gcs' }, { dataSource: { backupSource: { storageClassName: 's3-default', serverName: 'orders' } } })], 'DatabaseCluster copy (not Ready yet) restores from s3://db-backups/prod/team-a/orders/'],
    ['a cluster restoring a folder of the same name in another namespace', [pg('copy', { storageClassName: 'gcs' }, { dataSource: { backupSource: { storageClassName: 's3-default', serverName: 'orders', namespace: 'team-b' } } })], undefined],
    [
      'a cluster restoring one of our backup objects',
      [engineBackup('postgresql.cnpg.io/v1', 'Backup', 'orders-1', { cluster: { name: 'orders' } }), pg('copy', { storageClassName: 'gcs' }, { dataSource: { backupName: 'orders-1' } })],
      'DatabaseCluster copy (not Ready yet) restores from s3://db-backups/prod/team-a/orders/',
    ],
    ['a storage class on the same bucket with a prefix around ours', [storageClass('root', [{ name: 'all', s3: { bucket: 'db-backups', endpoint: 'https://s3.eu-central-1.amazonaws.com' } }])], 'location all of DatabaseBackupStorageClass root uses the same bucket with prefix "", which nests with "prod"'],
    ['a storage class on the same bucket with a prefix inside ours', [storageClass('deep', [{ name: 'x', s3: { bucket: 'db-backups', prefix: 'prod/team-a', endpoint: 'https://s3.eu-central-1.amazonaws.com' } }])], 'location x of DatabaseBackupStorageClass deep uses the same bucket with prefix "prod/team-a"'],
    ['a storage class on the same bucket with a sibling prefix', [storageClass('side', [{ name: 'x', s3: { bucket: 'db-backups', prefix: 'production', endpoint: 'https://s3.eu-central-1.amazonaws.com' } }])], undefined],
    ['a storage class with the same bucket name at another endpoint (buckets compare by name)', [storageClass('other', [{ name: 'x', s3: { bucket: 'db-backups', endpoint: 'https://s3.amazonaws.com' } }])], 'location x of DatabaseBackupStorageClass other uses the same bucket with prefix ""'],
    ['a GCS location of the same bucket name and prefix, another class', [storageClass('g', [{ name: 'g', gcs: { bucket: 'db-backups', prefix: 'prod' } }]), pg('billing', { storageClassName: 'g', serverName: 'orders' })], 'DatabaseCluster billing writes its backups to s3://db-backups/prod/team-a/orders/'],
    ['a cluster in another namespace still restoring from our folder', [databaseCluster('copy', { engine: 'postgresql', clusterSize: 1, storage: '1Gi', dataSource: { backupSource: { storageClassName: 's3-default', serverName: 'orders', namespace: NS } } }, { namespace: 'team-b' })], 'DatabaseCluster team-b/copy (not Ready yet) restores from s3://db-backups/prod/team-a/orders/'],
    ['a cluster in another namespace restoring its own namespace\'s folder of the same name', [databaseCluster('copy', { engine: 'postgresql', clusterSize: 1, storage: '1Gi', dataSource: { backupSource: { storageClassName: 's3-default', serverName: 'orders' } } }, { namespace: 'team-b' })], undefined],
    ['a cluster in another namespace writing to a folder of our name there', [databaseCluster('orders', { engine: 'postgresql', clusterSize: 1, storage: '1Gi', backup: { storageClassName: 's3-default' } }, { namespace: 'team-b' })], undefined],
  ])('%s', (_name, extra, reason) => {
    const found = conflicts(extra)
    if (reason === undefined) expect(found).toEqual([])
    else expect(found.some((r) => r.startsWith(reason))).toBe(true)
  })

  it('a cluster of the namespace with the same folder blocks only the folder it shares', () => {
    const found = conflicts([pg('billing', { storageClassName: 'dumps', serverName: 'orders-logical' })])
    expect(found).toHaveLength(2)
    expect(found.every((r) => r.includes('orders-logical/'))).toBe(true)
  })
})

describe('its own restore source', () => {
  it('a cluster restored from its own folder (namespace spelled out, which admission cannot compare) is not wiped', () => {
    const self = wipeCluster('orders', { ...PG_WIPE, dataSource: { backupSource: { storageClassName: 's3-default', serverName: 'orders', namespace: NS } } })
    expect(conflicts([], self)).toEqual([`this cluster was restored from the backups of an earlier cluster in s3://db-backups/prod/${NS}/orders/`])
  })

  it('restored from another folder: free to wipe its own', () => {
    const self = wipeCluster('orders', { ...PG_WIPE, dataSource: { backupSource: { storageClassName: 's3-default', serverName: 'orders-old' } } })
    expect(conflicts([], self)).toEqual([])
  })
})

describe('the engine folder is only shared with the engine class', () => {
  it('a cluster named like our dump folder in the dump class blocks', () => {
    const found = conflicts([pg('orders-logical', { storageClassName: 'dumps' })])
    expect(found).toContain(`DatabaseCluster orders-logical writes its backups to s3://dumps/${NS}/orders-logical/`)
  })
})
