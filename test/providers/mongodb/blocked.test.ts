import { describe, expect, it } from 'vitest'
import { mongodbProvider } from '../../../providers/mongodb/provider.js'
import { parseCluster } from '../../../providers/database-cluster/parse.js'
import { syncDatabaseCluster } from '../../../providers/database-cluster/sync.js'
import { HookError } from '../../../providers/shared/errors.js'
import type { KObject } from '../../../providers/shared/kube.js'
import { LAST_APPLIED } from '../../../providers/shared/observed.js'
import { CTX, LATER, S3_CLASS, S3_SECRET, condition, credentialsSecret, databaseCluster, storageClass, sync, syncRequest } from '../../support/clusters.js'
import { BACKUP, GCS_CLASS, RELATED, applied, backupObject, readyStatus, spec } from './fixtures.js'

type Obj = Record<string, any>

const s3 = (extra: Obj) => storageClass('odd', [{ name: 'o', s3: { bucket: 'odd-bucket', credentialsSecretRef: { name: 'odd-creds', namespace: 'dbaas-system' }, ...extra } }])
const oddCreds = (extra: Record<string, string>) => credentialsSecret('odd-creds', { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', ...extra })
const source = (name: string, extra: Obj = {}) => databaseCluster(name, spec({ backup: BACKUP, ...extra }))

type Case = [name: string, extra: Obj, related: KObject[], reason: string, message: RegExp]

describe('a spec that cannot be carried out: Ready=False with a reason, nothing created', () => {
  it.each<Case>([
    ['unknown version', { version: '5.0' }, [], 'UnsupportedVersion', /not in the image catalog \(known: 8.0, 7.0, 6.0\)/],
    ['an even replica set (the CRD rule)', { clusterSize: 4 }, [], 'InvalidSpec', /mongodb: clusterSize must be one of 1, 3, 5, 7/],
    ['pgbouncer (the CRD rule)', { proxy: { enabled: true, type: 'pgbouncer' } }, [], 'InvalidSpec', /proxy.type must be mongos/],
    ['time-based retention (the CRD rule)', { backup: { ...BACKUP, retentionDays: 7 } }, RELATED, 'InvalidSpec', /retention counts backups/],
    ['a pool mode', { proxy: { enabled: true, poolMode: 'transaction' } }, [], 'UnsupportedProxySetting', /mongos has no pool mode/],
    ['monitoring without a PMM server', { monitoring: { enabled: true } }, [], 'MonitoringNeedsPMM', /monitoring.pmm.serverHost/],
    ['PodMonitor labels', { monitoring: { enabled: true, pmm: { serverHost: 'pmm' }, labels: { release: 'prom' } } }, [], 'UnsupportedMonitoringSetting', /PMM/],
    ['an option the operator sets itself', { config: [{ name: 'net.port', value: '27018' }, { name: 'replication.replSetName', value: 'x' }] }, [], 'InvalidParameter', /config: net.port: .*27017; replication.replSetName/],
    ['TLS in mongod.conf', { config: [{ name: 'net.tls.mode', value: 'disabled' }] }, [], 'InvalidParameter', /spec.tls.mode/],
    ['a malformed option path', { config: [{ name: 'storage..engine', value: 'x' }] }, [], 'InvalidParameter', /not a dotted option path/],
    ['a value that is also a section', { config: [{ name: 'operationProfiling', value: 'x' }, { name: 'operationProfiling.mode', value: 'slowOp' }] }, [], 'InvalidParameter', /also the section of operationProfiling.mode/],
    ['a bad mongos option', { proxy: { enabled: true, config: [{ name: 'sharding.configDB', value: 'cfg/x:27019' }] } }, [], 'InvalidParameter', /proxy.config: sharding.configDB/],
    ['storage class missing', { backup: BACKUP }, [], 'StorageClassNotFound', /s3-default does not exist/],
    ['credentials Secret missing', { backup: BACKUP }, [S3_CLASS], 'CredentialsNotFound', /dbaas-system\/s3-creds does not exist/],
    ['credentials Secret not labelled', { backup: BACKUP }, [S3_CLASS, credentialsSecret('s3-creds', { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }, false)], 'CredentialsNotFound', /lacks the label/],
    ['credentials incomplete', { backup: BACKUP }, [S3_CLASS, credentialsSecret('s3-creds', { AWS_ACCESS_KEY_ID: 'a' })], 'CredentialsIncomplete', /AWS_SECRET_ACCESS_KEY/],
    ['only a filesystem location', { backup: { storageClassName: 'fs' } }, [storageClass('fs', [{ name: 'nfs', filesystem: { claimName: 'b' } }])], 'LocationUnsupported', /no location mongodb/],
    ['a filesystem location by name', { backup: { storageClassName: 'fs', location: 'nfs' } }, [storageClass('fs', [{ name: 'nfs', filesystem: { claimName: 'b' } }])], 'LocationUnsupported', /nfs .* cannot be used by mongodb/],
    ['temporary S3 credentials', { backup: { storageClassName: 'odd' } }, [s3({}), oddCreds({ AWS_SESSION_TOKEN: 't' })], 'LocationUnsupported', /AWS_SESSION_TOKEN/],
    ['a custom CA', { backup: { storageClassName: 'odd' } }, [s3({}), oddCreds({ 'ca.crt': 'pem' })], 'LocationUnsupported', /custom CA/],
    ['GCS without a key', { backup: { storageClassName: 'g' } }, [storageClass('g', [{ name: 'g', gcs: { bucket: 'gcs-bucket' } }])], 'LocationUnsupported', /workload identity/],
    ['GCS with a key that is not a service account', { backup: { storageClassName: 'gcs-eu' } }, [GCS_CLASS, credentialsSecret('gcs-creds', { GOOGLE_APPLICATION_CREDENTIALS_JSON: '{"type":"authorized_user"}' })], 'CredentialsIncomplete', /client_email and private_key/],
    ['client-side encryption', { backup: { storageClassName: 'enc' } }, [{ ...S3_CLASS, metadata: { name: 'enc' }, spec: { ...(S3_CLASS.spec as Obj), encryptionKeySecretRef: { name: 'k', namespace: 'dbaas-system' } } }, S3_SECRET], 'StorageClassUnsupported', /client side/],
    ['a backup that does not exist', { dataSource: { backupName: 'ghost' } }, [], 'BackupNotFound', /ghost does not exist in team-a/],
    ['a backup that failed', { dataSource: { backupName: 'b1' } }, [backupObject('b1', 'events', 'error', '2026-01-02T02:00:00Z')], 'BackupNotReady', /b1 is error/],
    ['a clone of a missing cluster', { dataSource: { clusterName: 'ghost' } }, [], 'DataSourceNotFound', /ghost does not exist/],
    ['a clone of another engine', { dataSource: { clusterName: 'pg' } }, [databaseCluster('pg', { engine: 'postgresql', storage: '1Gi', backup: { storageClassName: 's3-default' } })], 'DataSourceIncompatible', /not a mongodb/],
    ['a clone of a cluster without backups', { dataSource: { clusterName: 'src' } }, [databaseCluster('src', spec())], 'DataSourceHasNoBackups', /configure spec.backup/],
    ['a clone before the first backup', { dataSource: { clusterName: 'src' } }, [source('src')], 'DataSourceHasNoBackups', /no complete backup yet/],
    ['a clone to a moment before every backup', { dataSource: { clusterName: 'src', pointInTime: '2026-01-01T00:00:00Z' } }, [source('src'), backupObject('b1', 'src', 'ready', '2026-01-02T02:00:00Z')], 'DataSourceHasNoBackups', /before 2026-01-01T00:00:00Z/],
    ['a point in time without the oplog', { dataSource: { clusterName: 'src', pointInTime: '2026-01-03T00:00:00Z' } }, [source('src', { backup: { ...BACKUP, pointInTimeRecovery: false } })], 'DataSourceHasNoOplog', /pointInTimeRecovery is false/],
    ['storage with no backup on record', { dataSource: { backupSource: { storageClassName: 's3-default', serverName: 'old' } } }, RELATED, 'DataSourceHasNoBackups', /s3:\/\/db-backups\/prod\/team-a\/old\/.*dataSource.backupName/],
  ])('%s', (_name, extra, related, reason, message) => {
    const res = sync(databaseCluster('events', spec(extra)), [], related)
    expect(res.children).toEqual([])
    expect(condition(res.status, 'Ready')).toMatchObject({ status: 'False', reason })
    expect(condition(res.status, 'SpecValid')).toMatchObject({ status: 'False', reason })
    expect(String(condition(res.status, 'Ready')?.message)).toMatch(message)
    expect(res.status.phase).toBe(reason === 'InvalidSpec' ? 'Invalid' : 'Pending')
  })

  it.each([
    ['an even size', { clusterSize: 4 }, 'UnsupportedSize'],
    ['another proxy', { proxy: { enabled: true, type: 'haproxy', replicas: 2 } }, 'UnsupportedProxy'],
    ['time-based retention', { backup: { ...BACKUP, retentionDays: 3 } }, 'UnsupportedBackupSetting'],
  ])('the provider refuses %s itself, without trusting admission', (_name, extra, reason) => {
    const parsed = parseCluster(databaseCluster('events', spec()))
    if (!parsed.ok) throw new Error(parsed.errors.join('; '))
    const cluster = { ...parsed.value, spec: { ...parsed.value.spec, ...extra } } as typeof parsed.value
    const problems = mongodbProvider.validate({ cluster, children: {}, related: {}, ctx: CTX })
    expect(problems.map((p) => p.reason)).toContain(reason)
  })
})

describe('versions: never down, one major at a time, after the previous one has rolled out', () => {
  const at = (version: string, status?: Obj) => applied(databaseCluster('events', spec({ version })), RELATED, status)
  const upgrade = (to: string, children: Obj[]) => sync(databaseCluster('events', spec({ version: to }), { generation: 2 }), children as never)

  it.each([
    ['8.0 → 7.0', '8.0', '7.0', 'VersionDowngrade', /cannot go back from 8.0 to 7.0/],
    ['6.0 → 8.0', '6.0', '8.0', 'UnsupportedUpgrade', /one major version at a time: 6.0 → 8.0/],
    ['7.0 → 8.0 while 7.0 is still rolling out', '7.0', '8.0', 'UpgradeInProgress', /reports 6.0.27-21/],
  ])('%s is refused and the children are kept', (_name, from, to, reason, message) => {
    const children = at(from, readyStatus('events', { mongoVersion: '6.0.27-21' }))
    const res = upgrade(to, children)
    expect(condition(res.status, 'Ready')).toMatchObject({ reason })
    expect(String(condition(res.status, 'Ready')?.message)).toMatch(message)
    expect(res.children).toEqual(sync(databaseCluster('events', spec({ version: from }))).children)
  })

  it('7.0 → 8.0 once 7.0 runs everywhere', () => {
    const res = upgrade('8.0', at('7.0', readyStatus('events', { mongoVersion: '7.0.30-16' })))
    expect(res.children[0]).toMatchObject({ metadata: { annotations: { 'dbaas.io/version': '8.0' } }, spec: { image: 'percona/percona-server-mongodb:8.0.19-7', upgradeOptions: { setFCV: true } } })
  })
})

describe('children are kept exactly as last applied while the spec is blocked', () => {
  const parent = databaseCluster('events', spec({ backup: BACKUP, proxy: { enabled: true } }))
  const first = sync(parent, [], RELATED)
  const observed = applied(parent, RELATED, readyStatus())

  it('a broken spec echoes every observed child from its last-applied annotation and keeps the last good status', () => {
    const broken = databaseCluster('events', spec({ backup: BACKUP, proxy: { enabled: true }, version: '99.0' }), { generation: 2, status: { ...first.status, primary: 'events-rs0-0' } })
    const res = sync(broken, observed, RELATED, LATER)
    expect(res.children).toEqual(first.children)
    expect(res.status).toMatchObject({ phase: 'Pending', primary: 'events-rs0-0' })
    expect(condition(res.status, 'SpecValid')?.lastTransitionTime).toBe(LATER.now)
  })

  it('a storage class that disappeared keeps the cluster and its copied credentials', () => {
    const res = sync(databaseCluster('events', spec({ backup: BACKUP, proxy: { enabled: true } }), { generation: 2 }), observed, [], LATER)
    expect(res.children.map((c) => `${c.kind}/${c.metadata.name}`)).toEqual(['PerconaServerMongoDB/events', 'Secret/events-backup-credentials'])
    expect(condition(res.status, 'Ready')).toMatchObject({ reason: 'StorageClassNotFound' })
  })

  it('an observed child without its last-applied annotation makes the hook fail (HTTP 500), never guess', () => {
    const stripped = observed.map((c) => ({ ...c, metadata: { ...c.metadata, annotations: {} } }))
    expect(() => sync(databaseCluster('events', spec({ version: '99.0' }), { generation: 2 }), stripped)).toThrow(HookError)
    expect(() => sync(parent, stripped, RELATED)).toThrow(new RegExp(LAST_APPLIED))
  })

  it('an engine change (behind the immutability rule) keeps the MongoDB children', () => {
    const res = sync(databaseCluster('events', { engine: 'mysql', clusterSize: 3, storage: '20Gi' }, { generation: 2 }), observed)
    expect(res.children).toEqual(first.children)
    expect(condition(res.status, 'Ready')).toMatchObject({ reason: 'EngineChanged' })
  })

  it('an installation without the Percona MongoDB operator refuses the engine', () => {
    const res = syncDatabaseCluster(syncRequest(parent, [], RELATED), { ...CTX, config: { ...CTX.config, engines: ['postgresql'] } })
    expect(condition(res.status, 'Ready')).toMatchObject({ reason: 'EngineNotInstalled' })
    const parsed = parseCluster(parent)
    if (!parsed.ok) throw new Error(parsed.errors.join('; '))
    const resources = (engines: ('postgresql' | 'mongodb')[]) => mongodbProvider.related(parsed.value, { ...CTX, config: { ...CTX.config, engines } }).map((r) => r.resource)
    expect(resources(['postgresql'])).not.toContain('perconaservermongodbbackups')
    expect(resources(['postgresql', 'mongodb'])).toEqual(['databasebackupstorageclasses', 'secrets', 'perconaservermongodbbackups'])
  })
})
