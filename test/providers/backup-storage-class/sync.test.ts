import { describe, expect, it } from 'vitest'
import { customizeBackupStorageClass, syncBackupStorageClass } from '../../../providers/backup-storage-class/sync.js'
import type { KObject } from '../../../providers/shared/kube.js'
import { compositeController, relatedMap } from '../../support/metacontroller.js'
import { CTX, SEED_SPEC, condition, credentialsSecret, databaseCluster } from '../../support/clusters.js'
import { GCS_SECRET, KEY_SECRET, MINIO_SECRET, OFFSITE, OFFSITE_WITH_KEY, PG_BACKUP_SPEC, databaseBackup } from '../../support/backups.js'

const controller = compositeController('dbaas-backupstorageclass', [])

function sync(parent: KObject, related: KObject[]) {
  return syncBackupStorageClass({ controller, parent, children: {}, related: relatedMap(related), finalizing: false }, CTX)
}

describe('DatabaseBackupStorageClass status', () => {
  it('usable when every Secret exists with its keys; counts clusters and backups that use it', () => {
    const users = [
      databaseCluster('a', { ...SEED_SPEC, backup: { storageClassName: 'offsite' } }),
      databaseCluster('b', { ...SEED_SPEC, dataSource: { backupSource: { storageClassName: 'offsite', serverName: 'a' } } }),
      databaseCluster('c', SEED_SPEC),
      databaseBackup('d', PG_BACKUP_SPEC),
      databaseBackup('e', { ...PG_BACKUP_SPEC, storageClassName: 'other' }),
    ]
    const r = sync(OFFSITE, [MINIO_SECRET, GCS_SECRET, ...users])
    expect(r.children).toEqual([])
    expect(condition(r.status, 'Ready')).toMatchObject({ status: 'True', reason: 'Usable' })
    expect(r.status.usedBy).toBe(3)
  })

  it.each([
    ['a missing Secret', [GCS_SECRET], /location s3-eu: Secret dbaas-system\/minio does not exist/],
    ['a Secret without the label', [credentialsSecret('minio', { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }, false), GCS_SECRET], /lacks the label backup.dbaas.io\/credentials=true/],
    ['a Secret without a key', [credentialsSecret('minio', { AWS_ACCESS_KEY_ID: 'a' }), GCS_SECRET], /lacks the keys AWS_SECRET_ACCESS_KEY/],
  ])('unusable: %s', (_name, related, message) => {
    const r = sync(OFFSITE, related)
    expect(condition(r.status, 'Ready')).toMatchObject({ status: 'False', reason: 'CredentialsUnusable' })
    expect(String(condition(r.status, 'Ready')?.message)).toMatch(message)
  })

  it('checks the encryption key too', () => {
    expect(condition(sync(OFFSITE_WITH_KEY, [MINIO_SECRET, GCS_SECRET]).status, 'Ready')?.message).toMatch(/encryption key: Secret dbaas-system\/backup-key/)
    expect(condition(sync(OFFSITE_WITH_KEY, [MINIO_SECRET, GCS_SECRET, KEY_SECRET]).status, 'Ready')?.status).toBe('True')
  })

  it('customize asks for labelled Secrets and every cluster and backup', () => {
    expect(customizeBackupStorageClass({ controller, parent: OFFSITE }).relatedResources.map((r) => r.resource)).toEqual(['secrets', 'databaseclusters', 'databasebackups'])
  })
})
