import { describe, expect, it } from 'vitest'
import { applyChild } from '../../support/metacontroller.js'
import { child, condition, databaseCluster, SEED_SPEC, b64 } from '../../support/clusters.js'
import { BACKUP_RELATED, GCS_SECRET, KEY_SECRET, MINIO_SECRET, OFFSITE, OFFSITE_WITH_KEY, PG_BACKUP_SPEC, databaseBackup, syncBackup } from '../../support/backups.js'

describe('DatabaseBackup: the runner and what it needs', () => {
  const res = syncBackup(databaseBackup('orders', PG_BACKUP_SPEC))

  it('emits a runner Deployment with its identity, config, copied credentials, report and metrics Service', () => {
    expect(res.children.map((c) => `${c.kind}/${c.metadata.name}`)).toEqual([
      'ServiceAccount/orders-runner',
      'Role/orders-runner',
      'RoleBinding/orders-runner',
      'Secret/orders-runner-storage',
      'ConfigMap/orders-runner-config',
      'ConfigMap/orders-runner-report',
      'Deployment/orders-runner',
      'Service/orders-runner-metrics',
    ])
    expect(res.children.every((c) => c.metadata.namespace === 'team-a')).toBe(true)
  })

  it('one replica, Recreate, restricted, read-only root, probes, config hash', () => {
    const spec = child(res, 'Deployment').spec as Record<string, any>
    expect(spec.replicas).toBe(1)
    expect(spec.strategy).toEqual({ type: 'Recreate' })
    const pod = spec.template.spec
    expect(pod.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } })
    expect(pod.containers[0].livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'metrics' })
    expect(spec.template.metadata.annotations['backup.dbaas.io/config-hash']).toMatch(/^[0-9a-f]{8}$/)
  })

  it('the Role allows only its Lease and its report', () => {
    expect(child(res, 'Role').rules).toEqual([
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['orders-runner-lock'], verbs: ['get', 'update'] },
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['orders-runner-report'], verbs: ['get', 'patch', 'update'] },
    ])
  })

  it('copies every location\'s credentials into one Secret, keys prefixed by location', () => {
    expect(child(res, 'Secret').data).toEqual({
      'gcs-us.GOOGLE_APPLICATION_CREDENTIALS_JSON': b64('{"type":"service_account"}'),
      's3-eu.AWS_ACCESS_KEY_ID': b64('minio-user'),
      's3-eu.AWS_SECRET_ACCESS_KEY': b64('minio-password'),
    })
  })

  it('the runner config carries the target, schedule, retention and locations, but no credential', () => {
    const text = (child(res, 'ConfigMap', 'orders-runner-config').data as Record<string, string>)['config.json']!
    const config = JSON.parse(text)
    expect(config).toMatchObject({
      engine: 'postgresql',
      target: { host: 'pg.team-a.svc', port: 5432, databases: ['app'], tls: 'prefer' },
      schedule: '6h',
      retention: { maxAgeSeconds: 2592000, keep: { last: 4, daily: 7, weekly: 4, monthly: 12, yearly: 3 }, minKeep: 1 },
      storage: { compression: 'gzip', encryption: false, pathPrefix: 'team-a/orders' },
      report: { configMap: 'orders-runner-report' },
      lease: { name: 'orders-runner-lock' },
    })
    expect(config.storage.locations).toEqual([
      { name: 's3-eu', s3: { bucket: 'backups-eu', region: 'eu-central-1', endpoint: 'https://minio.storage:9000', forcePathStyle: true, insecureSkipTLSVerify: false, credentials: true } },
      { name: 'gcs-us', gcs: { bucket: 'backups-us', prefix: 'db', credentials: true } },
      { name: 'nfs', filesystem: { path: '/backups/nfs/dumps' } },
    ])
    expect(text).not.toContain('minio-password')
    expect(text).not.toContain(b64('minio-password'))
  })

  it('mounts the user\'s credentials Secret as username/password files and the filesystem location\'s PVC', () => {
    const pod = (child(res, 'Deployment').spec as any).template.spec
    expect(pod.volumes).toContainEqual({ name: 'target-credentials', secret: { secretName: 'pg-dumper', items: [{ key: 'username', path: 'username' }, { key: 'password', path: 'password' }], defaultMode: 0o400 } })
    expect(pod.volumes).toContainEqual({ name: 'backups-nfs', persistentVolumeClaim: { claimName: 'backup-volume' } })
  })

  it('an encryption key travels in the storage Secret and turns encryption on', () => {
    const r = syncBackup(databaseBackup('orders', PG_BACKUP_SPEC), [], [OFFSITE_WITH_KEY, MINIO_SECRET, GCS_SECRET, KEY_SECRET])
    expect(Object.keys(child(r, 'Secret').data as object)).toContain('encryption.ENCRYPTION_KEY')
    expect(JSON.parse((child(r, 'ConfigMap', 'orders-runner-config').data as any)['config.json']).storage).toMatchObject({ compression: 'zstd', encryption: true })
  })

  it('a schedule change rolls the runner (new config hash); the same spec keeps the hash', () => {
    const hash = (r: ReturnType<typeof syncBackup>) => (child(r, 'Deployment').spec as any).template.metadata.annotations['backup.dbaas.io/config-hash']
    expect(hash(syncBackup(databaseBackup('orders', PG_BACKUP_SPEC)))).toBe(hash(res))
    expect(hash(syncBackup(databaseBackup('orders', { ...PG_BACKUP_SPEC, schedule: '0 3 * * *' })))).not.toBe(hash(res))
  })

  it('a credentials rotation also rolls the runner', () => {
    const rotated = { ...MINIO_SECRET, data: { ...(MINIO_SECRET.data as object), AWS_SECRET_ACCESS_KEY: b64('rotated') } }
    const r = syncBackup(databaseBackup('orders', PG_BACKUP_SPEC), [], [OFFSITE, rotated, GCS_SECRET])
    expect((child(r, 'Deployment').spec as any).template.metadata.annotations).not.toEqual((child(res, 'Deployment').spec as any).template.metadata.annotations)
  })
})

describe('DatabaseBackup of a DatabaseCluster', () => {
  const endpoints = [{ name: 'rw', role: 'primary', host: 'orders-rw.team-a.svc', port: 5432, secretName: 'orders-app' }]
  const cluster = databaseCluster('orders', SEED_SPEC, { status: { endpoints } })
  const spec = { ...PG_BACKUP_SPEC, target: { clusterName: 'orders' } }

  it('reads host, port and the credentials Secret from the cluster\'s status', () => {
    const r = syncBackup(databaseBackup('orders-logical', spec), [], [...BACKUP_RELATED, cluster])
    expect(JSON.parse((child(r, 'ConfigMap', 'orders-logical-runner-config').data as any)['config.json']).target).toEqual({ host: 'orders-rw.team-a.svc', port: 5432, databases: [], tls: 'prefer' })
    expect((child(r, 'Deployment').spec as any).template.spec.volumes).toContainEqual(expect.objectContaining({ name: 'target-credentials', secret: expect.objectContaining({ secretName: 'orders-app' }) }))
  })

  it.each([
    ['a replica set: its primary', [{ role: 'primary', host: 'events-rs0.team-a.svc', port: 27017, secretName: 'events-users' }], 'events-rs0.team-a.svc'],
    ['a sharded cluster: mongos, never one shard', [{ role: 'primary', host: 'events-rs0.team-a.svc', port: 27017, secretName: 'events-users' }, { role: 'pooler', host: 'events-mongos.team-a.svc', port: 27017, secretName: 'events-users' }], 'events-mongos.team-a.svc'],
  ])('mongodb, %s', (_name, mongoEndpoints, host) => {
    const mongo = databaseCluster('events', { engine: 'mongodb', clusterSize: 3, storage: '10Gi' }, { status: { endpoints: mongoEndpoints } })
    const r = syncBackup(databaseBackup('events-logical', { ...PG_BACKUP_SPEC, engine: 'mongodb', target: { clusterName: 'events' } }), [], [...BACKUP_RELATED, mongo])
    expect(JSON.parse((child(r, 'ConfigMap', 'events-logical-runner-config').data as any)['config.json']).target).toMatchObject({ host })
  })

  it('postgresql is never dumped through its pooler', () => {
    const pooled = databaseCluster('orders', SEED_SPEC, { status: { endpoints: [{ role: 'pooler', host: 'orders-pooler-rw.team-a.svc', port: 5432, secretName: 'orders-app' }] } })
    const r = syncBackup(databaseBackup('orders-logical', spec), [], [...BACKUP_RELATED, pooled])
    expect(condition(r.status, 'Ready')).toMatchObject({ status: 'False', reason: 'TargetNotReady' })
  })

  it.each([
    ['missing cluster', [], 'TargetNotFound'],
    ['cluster without endpoints yet', [databaseCluster('orders', SEED_SPEC)], 'TargetNotReady'],
    ['cluster of another engine', [databaseCluster('orders', { ...SEED_SPEC, engine: 'mysql' }, { status: { endpoints } })], 'TargetEngineMismatch'],
  ])('%s: Ready=False, nothing created', (_name, extra, reason) => {
    const r = syncBackup(databaseBackup('orders-logical', spec), [], [...BACKUP_RELATED, ...extra])
    expect(r.children).toEqual([])
    expect(condition(r.status, 'Ready')).toMatchObject({ status: 'False', reason })
  })
})

describe('DatabaseBackup: blocked specs keep the runner as it was', () => {
  const parent = databaseBackup('orders', PG_BACKUP_SPEC)
  const observed = syncBackup(parent).children.map((c, i) => applyChild(c, parent, undefined, i + 1))
  const first = syncBackup(parent).children

  it.each([
    ['storage class missing', PG_BACKUP_SPEC, [MINIO_SECRET, GCS_SECRET], 'StorageClassNotFound'],
    ['credentials Secret missing', PG_BACKUP_SPEC, [OFFSITE, GCS_SECRET], 'CredentialsNotFound'],
    ['bad schedule', { ...PG_BACKUP_SPEC, schedule: 'often' }, BACKUP_RELATED, 'InvalidSchedule'],
    ['bad time zone', { ...PG_BACKUP_SPEC, schedule: '0 2 * * *', timeZone: 'Nowhere/City' }, BACKUP_RELATED, 'InvalidSchedule'],
    ['schema violation', { ...PG_BACKUP_SPEC, engine: 'oracle' }, BACKUP_RELATED, 'InvalidSpec'],
  ])('%s', (_name, spec, related, reason) => {
    const r = syncBackup(databaseBackup('orders', spec, { generation: 2 }), observed, related)
    const byKey = (a: { kind: string; metadata: { name: string } }, b: { kind: string; metadata: { name: string } }) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`)
    expect([...r.children].sort(byKey)).toEqual([...first].sort(byKey))
    expect(condition(r.status, 'Ready')).toMatchObject({ status: 'False', reason })
  })
})
