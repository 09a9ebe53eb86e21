import { describe, expect, it } from 'vitest'
import { syncDatabaseCluster } from '../../../providers/database-cluster/sync.js'
import { HookError } from '../../../providers/shared/errors.js'
import { LAST_APPLIED } from '../../../providers/shared/observed.js'
import { applyChild } from '../../support/metacontroller.js'
import { CTX, LATER, S3_CLASS, S3_SECRET, SEED_SPEC, condition, credentialsSecret, databaseCluster, storageClass, sync, syncRequest } from '../../support/clusters.js'

const BACKUP = { storageClassName: 's3-default' }

describe('a spec that cannot be carried out: Ready=False with a reason, nothing created', () => {
  it.each([
    ['unknown version', { version: '9' }, [], 'UnsupportedVersion', /not in the image catalog \(known: 18, 17, 16, 15\)/],
    ['schema violation', { clusterSize: 'three' }, [], 'InvalidSpec', /clusterSize must be integer/],
    ['operator-owned parameter', { config: [{ name: 'archive_command', value: '/bin/true' }, { name: 'ssl_ciphers', value: 'x' }] }, [], 'FixedParameter', /archive_command, ssl_ciphers/],
    ['proxy of another engine (the CRD rule, enforced by the hook too)', { proxy: { enabled: true, type: 'haproxy' } }, [], 'InvalidSpec', /postgresql: proxy.type must be pgbouncer/],
    ['storage class missing', { backup: BACKUP }, [], 'StorageClassNotFound', /s3-default does not exist/],
    ['credentials Secret missing', { backup: BACKUP }, [S3_CLASS], 'CredentialsNotFound', /dbaas-system\/s3-creds does not exist/],
    ['credentials Secret not labelled', { backup: BACKUP }, [S3_CLASS, credentialsSecret('s3-creds', { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }, false)], 'CredentialsNotFound', /lacks the label/],
    ['credentials incomplete', { backup: BACKUP }, [S3_CLASS, credentialsSecret('s3-creds', { AWS_ACCESS_KEY_ID: 'a' })], 'CredentialsIncomplete', /lacks the keys AWS_SECRET_ACCESS_KEY/],
    ['only filesystem locations', { backup: { storageClassName: 'fs' } }, [storageClass('fs', [{ name: 'nfs', filesystem: { claimName: 'b' } }])], 'LocationUnsupported', /no location postgresql/],
    ['named location missing', { backup: { ...BACKUP, location: 'nope' } }, [S3_CLASS, S3_SECRET], 'LocationNotFound', /no location nope/],
    ['count-based retention (the CRD rule)', { backup: { ...BACKUP, schedules: [{ name: 'd', schedule: '0 0 * * *', retentionCopies: 7 }] } }, [S3_CLASS, S3_SECRET], 'InvalidSpec', /retention is time-based/],
    ['point-in-time off', { backup: { ...BACKUP, pointInTimeRecovery: false } }, [S3_CLASS, S3_SECRET], 'UnsupportedBackupSetting', /always archive WAL/],
    ['TLS verification off', { backup: { storageClassName: 'insecure' } }, [storageClass('insecure', [{ name: 'm', s3: { bucket: 'minio', insecureSkipTLSVerify: true } }])], 'LocationUnsupported', /ca\.crt/],
    ['clone of a missing cluster', { dataSource: { clusterName: 'ghost' } }, [], 'DataSourceNotFound', /ghost does not exist/],
    ['clone of a cluster without backups', { dataSource: { clusterName: 'nobackup' } }, [databaseCluster('nobackup', SEED_SPEC)], 'DataSourceHasNoBackups', /configure spec.backup/],
    ['clone of another engine', { dataSource: { clusterName: 'mongo' } }, [databaseCluster('mongo', { ...SEED_SPEC, engine: 'mongodb', backup: BACKUP })], 'DataSourceIncompatible', /not a postgresql/],
  ])('%s', (_name, extra, related, reason, message) => {
    const res = sync(databaseCluster('pg', { ...SEED_SPEC, ...extra }), [], related)
    expect(res.children).toEqual([])
    expect(condition(res.status, 'Ready')).toMatchObject({ status: 'False', reason })
    expect(condition(res.status, 'SpecValid')).toMatchObject({ status: 'False', reason })
    expect(String(condition(res.status, 'Ready')?.message)).toMatch(message)
  })

  it('an engine that is not enabled in this installation', () => {
    const res = syncDatabaseCluster(syncRequest(databaseCluster('k', { ...SEED_SPEC, engine: 'kafka' })), { ...CTX, config: { ...CTX.config, engines: ['postgresql'] } })
    expect(condition(res.status, 'Ready')).toMatchObject({ status: 'False', reason: 'EngineNotInstalled' })
  })

  it('monitoring without the PodMonitor kind installed', () => {
    const res = syncDatabaseCluster(syncRequest(databaseCluster('pg', { ...SEED_SPEC, monitoring: { enabled: true } })), { ...CTX, config: { ...CTX.config, podMonitors: false } })
    expect(condition(res.status, 'Ready')).toMatchObject({ reason: 'MonitoringNotInstalled' })
  })
})

describe('children are kept exactly as last applied while the spec is blocked', () => {
  const parent = databaseCluster('pg', { ...SEED_SPEC, proxy: { enabled: true } })
  const first = sync(parent)
  const observed = first.children.map((c, i) => applyChild(c, parent, { phase: 'Cluster in healthy state' }, i + 1))

  it('a broken spec echoes every observed child from its last-applied annotation', () => {
    const broken = databaseCluster('pg', { ...SEED_SPEC, proxy: { enabled: true }, version: '99' }, { generation: 2, status: first.status })
    const res = sync(broken, observed, [], LATER)
    expect(res.children).toEqual(first.children)
    expect(res.status.phase).toBe('Pending')
  })

  it('keeps the last good status fields and moves only the conditions that flipped', () => {
    const broken = databaseCluster('pg', { ...SEED_SPEC, version: '99' }, { generation: 2, status: { ...first.status, primary: 'pg-1' } })
    const res = sync(broken, observed, [], LATER)
    expect(res.status.primary).toBe('pg-1')
    expect(condition(res.status, 'SpecValid')?.lastTransitionTime).toBe(LATER.now)
    expect(condition(res.status, 'BackupHealthy')?.lastTransitionTime).toBe(CTX.now)
  })

  it('an observed child without its last-applied annotation makes the hook fail (HTTP 500), never guess', () => {
    const stripped = observed.map((c) => ({ ...c, metadata: { ...c.metadata, annotations: {} } }))
    const broken = databaseCluster('pg', { ...SEED_SPEC, version: '99' }, { generation: 2 })
    expect(() => sync(broken, stripped)).toThrow(HookError)
    expect(() => sync(broken, stripped)).toThrow(new RegExp(LAST_APPLIED))
  })

  it('an engine change (behind the immutability rule) keeps the PostgreSQL children', () => {
    const changed = databaseCluster('pg', { ...SEED_SPEC, engine: 'mysql' }, { generation: 2 })
    const res = sync(changed, observed)
    expect(res.children).toEqual(first.children)
    expect(condition(res.status, 'Ready')).toMatchObject({ reason: 'EngineChanged' })
  })

  it('a major version downgrade is refused', () => {
    const v17 = databaseCluster('pg', { ...SEED_SPEC, version: '17' })
    const applied = sync(v17).children.map((c, i) => applyChild(c, v17, undefined, i + 1))
    const res = sync(databaseCluster('pg', { ...SEED_SPEC, version: '16' }, { generation: 2 }), applied)
    expect(condition(res.status, 'Ready')).toMatchObject({ reason: 'VersionDowngrade' })
    expect(res.children.map((c) => c.spec)).toEqual(applied.map((c) => JSON.parse(c.metadata.annotations![LAST_APPLIED]!).spec))
  })

  it('a major version upgrade goes through', () => {
    const v16 = databaseCluster('pg', { ...SEED_SPEC, version: '16' })
    const applied = sync(v16).children.map((c, i) => applyChild(c, v16, undefined, i + 1))
    const res = sync(databaseCluster('pg', { ...SEED_SPEC, version: '17' }, { generation: 2 }), applied)
    expect(res.children[0]!.spec).toMatchObject({ imageName: 'ghcr.io/cloudnative-pg/postgresql:17.10-system-trixie' })
  })
})
