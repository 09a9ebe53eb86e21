import { describe, expect, it } from 'vitest'
import { syncDatabaseCluster } from '../../../providers/database-cluster/sync.js'
import { HookError } from '../../../providers/shared/errors.js'
import type { KObject } from '../../../providers/shared/kube.js'
import { LAST_APPLIED } from '../../../providers/shared/observed.js'
import { CTX, LATER, S3_CLASS, child, condition, credentialsSecret, databaseCluster, storageClass, sync, syncRequest } from '../../support/clusters.js'
import { BACKUP, RELATED, applied, parent, pxcProblems, spec } from './fixtures.js'

const B = { storageClassName: 's3-default' }

describe('mysql: a spec that cannot be carried out: Ready=False with a reason, nothing created', () => {
  it.each([
    ['unknown version', { version: '5.7' }, [], 'UnsupportedVersion', /not in the image catalog \(known: 8\.4, 8\.0\)/],
    ['an even size (the CRD rule, enforced by the hook too)', { clusterSize: 4 }, [], 'InvalidSpec', /mysql: clusterSize must be one of 1, 3, 5/],
    ['a proxy of another engine (the CRD rule)', { proxy: { enabled: true, type: 'pgbouncer' } }, [], 'InvalidSpec', /proxy.type must be haproxy or proxysql/],
    ['PgBouncer settings on the proxy', { proxy: { enabled: true, poolMode: 'transaction' } }, [], 'UnsupportedProxySetting', /PgBouncer settings/],
    ['an operator-owned parameter, in either spelling', { config: [{ name: 'wsrep-cluster-address', value: 'gcomm://' }, { name: 'server_id', value: '7' }] }, [], 'FixedParameter', /sets wsrep-cluster-address, server_id on every node/],
    ['a parameter that would break my.cnf', { config: [{ name: 'max_connections', value: '1\n[client]' }] }, [], 'InvalidParameter', /"max_connections"/],
    ['external exposure without a proxy', { expose: { type: 'external' } }, [], 'ExposureNeedsProxy', /enable proxy/],
    ['monitoring without a PMM server', { monitoring: { enabled: true } }, [], 'MonitoringNeedsPMM', /monitoring.pmm.serverHost/],
    ['PodMonitor labels for PMM', { monitoring: { enabled: true, labels: { release: 'prom' }, pmm: { serverHost: 'pmm' } } }, [], 'UnsupportedMonitoringSetting', /remove monitoring.labels/],
    ['day-based retention (the CRD rule)', { backup: { ...B, retentionDays: 7 } }, RELATED, 'InvalidSpec', /retention counts backups/],
    ['storage class missing', { backup: B }, [], 'StorageClassNotFound', /s3-default does not exist/],
    ['credentials Secret missing', { backup: B }, [S3_CLASS], 'CredentialsNotFound', /dbaas-system\/s3-creds does not exist/],
    ['credentials Secret not labelled', { backup: B }, [S3_CLASS, credentialsSecret('s3-creds', { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }, false)], 'CredentialsNotFound', /lacks the label/],
    ['credentials incomplete', { backup: B }, [S3_CLASS, credentialsSecret('s3-creds', { AWS_ACCESS_KEY_ID: 'a' })], 'CredentialsIncomplete', /lacks the keys AWS_SECRET_ACCESS_KEY/],
    ['temporary credentials', { backup: B }, [S3_CLASS, credentialsSecret('s3-creds', { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_SESSION_TOKEN: 't' })], 'LocationUnsupported', /temporary credentials/],
    ['GCS only (PXC 1.19 writes to S3, Azure and volumes)', { backup: { storageClassName: 'gcs' } }, [storageClass('gcs', [{ name: 'g', gcs: { bucket: 'bkt' } }])], 'LocationUnsupported', /no location mysql \(Percona XtraDB Cluster: S3-compatible storage only\)/],
    ['a filesystem location by name', { backup: { storageClassName: 'fs', location: 'nfs' } }, [storageClass('fs', [{ name: 'nfs', filesystem: { claimName: 'b' } }])], 'LocationUnsupported', /location nfs .* cannot be used by mysql/],
    ['named location missing', { backup: { ...B, location: 'nope' } }, RELATED, 'LocationNotFound', /no location nope/],
    ['binlog archiving through the workload identity', { backup: { storageClassName: 'iam' } }, [storageClass('iam', [{ name: 'aws', s3: { bucket: 'pxc-b' } }])], 'UnsupportedBackupSetting', /binlog collector only authenticates with an access key/],
  ])('%s', (_name, extra, related, reason, message) => {
    const res = sync(parent('shop', extra), [], related)
    expect(res.children).toEqual([])
    expect(condition(res.status, 'Ready')).toMatchObject({ status: 'False', reason })
    expect(condition(res.status, 'SpecValid')).toMatchObject({ status: 'False', reason })
    expect(String(condition(res.status, 'Ready')?.message)).toMatch(message)
  })

  it('an image catalog with a major version operator 1.19 has no proxy and backup images for', () => {
    const config = { ...CTX.config, images: { ...CTX.config.images, mysql: { '5.7': 'percona/percona-xtradb-cluster:5.7.44-31.65' } } }
    const res = syncDatabaseCluster(syncRequest(parent('shop')), { ...CTX, config })
    expect(condition(res.status, 'Ready')).toMatchObject({ reason: 'UnsupportedVersion', message: 'mysql 5.7: operator 1.19 ships proxy and backup images for 8.4, 8.0 only' })
  })

  it('the engine not installed', () => {
    const res = syncDatabaseCluster(syncRequest(parent('shop')), { ...CTX, config: { ...CTX.config, engines: ['postgresql'] } })
    expect(condition(res.status, 'Ready')).toMatchObject({ status: 'False', reason: 'EngineNotInstalled' })
  })
})

describe('mysql: children are kept exactly as last applied while the spec is blocked', () => {
  const first = parent('shop', { proxy: { enabled: true }, backup: BACKUP })
  const observed = applied(first, RELATED)
  const lastApplied = (c: KObject) => JSON.parse(c.metadata.annotations![LAST_APPLIED]!)

  it('a broken spec echoes every observed child', () => {
    const res = sync(parent('shop', { proxy: { enabled: true }, backup: BACKUP, version: '9.9' }, { generation: 2, status: sync(first, [], RELATED).status }), observed, RELATED, LATER)
    expect(res.children).toEqual(observed.map(lastApplied))
    expect(res.status.phase).toBe('Pending')
  })

  it('the storage class disappearing keeps the backup configuration and the copied credentials', () => {
    const res = sync(parent('shop', { proxy: { enabled: true }, backup: BACKUP }, { generation: 2 }), observed, [], LATER)
    expect(condition(res.status, 'Ready')).toMatchObject({ reason: 'StorageClassNotFound' })
    expect(res.children.map((c) => `${c.kind}/${c.metadata.name}`)).toEqual(['PerconaXtraDBCluster/shop', 'Secret/shop-backup-credentials'])
  })

  it('an observed child without its last-applied annotation makes the hook fail (HTTP 500), never guess', () => {
    const stripped = observed.map((c) => ({ ...c, metadata: { ...c.metadata, annotations: {} } }))
    expect(() => sync(parent('shop', { version: '9.9' }, { generation: 2 }), stripped)).toThrow(HookError)
  })

  it('an engine change keeps the MySQL children', () => {
    const res = sync(databaseCluster('shop', { ...spec(), engine: 'postgresql' }, { generation: 2 }), observed)
    expect(res.children).toEqual(observed.map(lastApplied))
    expect(condition(res.status, 'Ready')).toMatchObject({ reason: 'EngineChanged' })
  })

  it('8.4 → 8.0 is a downgrade, refused', () => {
    const res = sync(parent('shop', { version: '8.0' }, { generation: 2 }), applied(parent('shop', { version: '8.4' })))
    expect(condition(res.status, 'Ready')).toMatchObject({ reason: 'VersionDowngrade', message: 'mysql cannot go back from 8.4 to 8.0' })
  })

  it('8.0 → 8.4 in place is refused too: no operator procedure, clone into a new cluster instead', () => {
    const res = sync(parent('shop', { version: '8.4' }, { generation: 2 }), applied(parent('shop', { version: '8.0' })))
    expect(condition(res.status, 'Ready')).toMatchObject({ reason: 'UnsupportedUpgrade' })
    expect(String(condition(res.status, 'Ready')?.message)).toMatch(/dataSource.clusterName: shop/)
  })

  it('a new image of the same version goes through (the catalog moves, the annotation stays)', () => {
    const children = applied(parent('shop', { version: '8.0' }))
    const config = { ...CTX.config, images: { ...CTX.config.images, mysql: { ...CTX.config.images.mysql, '8.0': 'percona/percona-xtradb-cluster:8.0.45-36.1' } } }
    const res = syncDatabaseCluster(syncRequest(parent('shop', { version: '8.0' }, { generation: 2 }), children), { ...LATER, config })
    expect(child(res, 'PerconaXtraDBCluster').spec).toMatchObject({ pxc: { image: 'percona/percona-xtradb-cluster:8.0.45-36.1' } })
  })

  it('switching HAProxy to ProxySQL on a running cluster goes through (operator 1.19 e2e proxy-switch)', () => {
    const res = sync(parent('shop', { proxy: { enabled: true, type: 'proxysql' } }, { generation: 2 }), applied(parent('shop', { proxy: { enabled: true } })))
    expect(child(res, 'PerconaXtraDBCluster').spec).toMatchObject({ haproxy: { enabled: false }, proxysql: { enabled: true } })
  })
})

describe('the re-implemented operator checks catch what they claim', () => {
  const good = child(sync(parent('shop', { proxy: { enabled: true }, backup: BACKUP }), [], RELATED), 'PerconaXtraDBCluster')
  const mutate = (patch: (s: any) => void): KObject => {
    const copy = structuredClone(good)
    patch(copy.spec)
    return copy
  }

  it.each([
    ['an even size without the flag', (s: any) => { s.pxc.size = 4 }, /PXC size must be 3 or 5/],
    ['one proxy without the flag', (s: any) => { s.haproxy.size = 1 }, /haproxy size must be at least 2/],
    ['both proxies', (s: any) => { s.proxysql = { enabled: true, size: 2, image: 'x', volumeSpec: {} } }, /both HAProxy and ProxySQL/],
    ['SmartUpdate without a proxy', (s: any) => { s.haproxy = { enabled: false } }, /SmartUpdate/],
    ['TLS off without the flag', (s: any) => { s.tls.enabled = false }, /TLS must be enabled/],
    ['a PITR storage that does not exist', (s: any) => { s.backup.pitr.storageName = 'other' }, /pitr storage other/],
    ['a six-field cron', (s: any) => { s.backup.schedule[0].schedule = '0 0 2 * * *' }, /five-field/],
  ])('%s', (_name, patch, message) => {
    expect(pxcProblems([good])).toEqual([])
    expect(pxcProblems([mutate(patch)]).join('; ')).toMatch(message)
  })

  it('a name over 22 characters and a restore without a source', () => {
    expect(pxcProblems([{ ...good, metadata: { ...good.metadata, name: 'a'.repeat(23) } }]).join()).toMatch(/too long/)
    expect(pxcProblems([{ apiVersion: 'pxc.percona.com/v1', kind: 'PerconaXtraDBClusterRestore', metadata: { name: 'r' }, spec: { pxcCluster: 'shop', pitr: { type: 'date', date: '2026-01-01T00:00:00Z' } } }])).toEqual([
      'exactly one of backupName and backupSource',
      'PITR.BackupSource needs storageName, s3 or azure',
      'pitr.date 2026-01-01T00:00:00Z is not YYYY-MM-DD hh:mm:ss',
    ])
  })
})
