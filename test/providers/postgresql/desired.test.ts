import { describe, expect, it } from 'vitest'
import { S3_CLASS, S3_SECRET, SEED_SPEC, b64, child, condition, credentialsSecret, databaseCluster, storageClass, sync } from '../../support/clusters.js'
import { expectValidChild } from '../../support/upstream-schemas.js'

const BACKUP = { storageClassName: 's3-default' }

describe('postgresql: the seed example', () => {
  const res = sync(databaseCluster('postgresql-demo', SEED_SPEC))

  it('renders a CNPG Cluster with 3 instances, 10Gi and max_connections "200"', () => {
    const cluster = child(res, 'Cluster', 'postgresql-demo')
    expect(cluster.apiVersion).toBe('postgresql.cnpg.io/v1')
    expect(cluster.spec).toMatchObject({ instances: 3, storage: { size: '10Gi' }, postgresql: { parameters: { max_connections: '200' } } })
  })

  it('uses the newest catalog version and initdb bootstrap', () => {
    const cluster = child(res, 'Cluster')
    expect(cluster.spec).toMatchObject({ imageName: 'ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie', bootstrap: { initdb: { database: 'app', owner: 'app' } } })
  })

  it('emits nothing but the Cluster when nothing else is asked for', () => {
    expect(res.children.map((c) => c.kind)).toEqual(['Cluster'])
  })

  it('says the data is not protected', () => {
    expect(condition(res.status, 'BackupHealthy')).toMatchObject({ status: 'False', reason: 'BackupNotConfigured' })
  })
})

describe('postgresql: spec fields → Cluster fields', () => {
  it.each([
    ['version', { version: '16' }, { imageName: 'ghcr.io/cloudnative-pg/postgresql:16.14-system-trixie' }],
    ['storage class', { storageClass: 'fast-ssd' }, { storage: { size: '10Gi', storageClass: 'fast-ssd' } }],
    ['resources', { resources: { requests: { cpu: 1, memory: '2Gi' }, limits: { memory: '2Gi' } } }, { resources: { requests: { cpu: 1, memory: '2Gi' }, limits: { memory: '2Gi' } } }],
    ['required anti-affinity', { scheduling: { antiAffinity: 'required', topologyKey: 'topology.kubernetes.io/zone' } }, { affinity: { enablePodAntiAffinity: true, podAntiAffinityType: 'required', topologyKey: 'topology.kubernetes.io/zone' } }],
    ['no anti-affinity', { scheduling: { antiAffinity: 'none' } }, { affinity: { enablePodAntiAffinity: false } }],
    [
      'node selection',
      { scheduling: { nodeSelector: { workload: 'db' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }], priorityClassName: 'db-high' } },
      { affinity: { nodeSelector: { workload: 'db' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] }, priorityClassName: 'db-high' },
    ],
    ['escape hatch', { engineOverrides: { failoverDelay: 30, enablePDB: false } }, { failoverDelay: 30, enablePDB: false }],
  ])('%s', (_name, extra, expected) => {
    const res = sync(databaseCluster('pg', { ...SEED_SPEC, ...extra }))
    expect(child(res, 'Cluster').spec).toMatchObject(expected)
  })

  it('stopped → hibernation annotation, Pooler scaled to zero', () => {
    const res = sync(databaseCluster('pg', { ...SEED_SPEC, stopped: true, proxy: { enabled: true } }))
    expect(child(res, 'Cluster').metadata.annotations).toEqual({ 'cnpg.io/hibernation': 'on' })
    expect(child(res, 'Pooler').spec).toMatchObject({ instances: 0 })
  })

  it('an escape-hatch null removes a field', () => {
    const res = sync(databaseCluster('pg', { ...SEED_SPEC, engineOverrides: { enableSuperuserAccess: null } }))
    expect(child(res, 'Cluster').spec).not.toHaveProperty('enableSuperuserAccess')
  })
})

describe('postgresql: proxy, exposure and monitoring', () => {
  it('proxy → a PgBouncer Pooler in front of the primary', () => {
    const res = sync(databaseCluster('pg', { ...SEED_SPEC, proxy: { enabled: true, replicas: 3, poolMode: 'transaction', config: [{ name: 'max_client_conn', value: '1000' }] } }))
    expect(child(res, 'Pooler', 'pg-pooler').spec).toEqual({
      cluster: { name: 'pg' },
      instances: 3,
      type: 'rw',
      pgbouncer: { poolMode: 'transaction', parameters: { max_client_conn: '1000' } },
    })
  })

  it('external exposure without a proxy → an extra LoadBalancer Service for the primary', () => {
    const res = sync(databaseCluster('pg', { ...SEED_SPEC, expose: { type: 'external', sourceRanges: ['10.0.0.0/8'] } }))
    expect(child(res, 'Cluster').spec).toMatchObject({
      managed: { services: { additional: [{ selectorType: 'rw', serviceTemplate: { metadata: { name: 'pg-external' }, spec: { type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8'] } } }] } },
    })
  })

  it('external exposure with a proxy → the Pooler Service becomes the LoadBalancer', () => {
    const res = sync(databaseCluster('pg', { ...SEED_SPEC, proxy: { enabled: true }, expose: { type: 'external' } }))
    expect(child(res, 'Pooler').spec).toMatchObject({ serviceTemplate: { spec: { type: 'LoadBalancer' } } })
    expect(child(res, 'Cluster').spec).not.toHaveProperty('managed')
  })

  it('monitoring → PodMonitors for the instances and the pooler', () => {
    const res = sync(databaseCluster('pg', { ...SEED_SPEC, proxy: { enabled: true }, monitoring: { enabled: true, labels: { release: 'prom' } } }))
    expect(child(res, 'PodMonitor', 'pg').spec).toEqual({ selector: { matchLabels: { 'cnpg.io/cluster': 'pg' } }, podMetricsEndpoints: [{ port: 'metrics' }] })
    expect(child(res, 'PodMonitor', 'pg-pooler').spec).toMatchObject({ selector: { matchLabels: { 'cnpg.io/poolerName': 'pg-pooler' } } })
    expect(child(res, 'PodMonitor', 'pg').metadata.labels).toMatchObject({ release: 'prom' })
  })
})

describe('postgresql: backups through the barman-cloud plugin', () => {
  const res = sync(databaseCluster('pg', { ...SEED_SPEC, backup: { ...BACKUP, retentionDays: 14, schedules: [{ name: 'nightly', schedule: '30 1 * * *' }, { name: 'weekly', schedule: '0 3 * * 0', enabled: false }] } }), [], [S3_CLASS, S3_SECRET])

  it('an ObjectStore per cluster, stored per namespace, with retention', () => {
    expect(child(res, 'ObjectStore', 'pg-backup').spec).toEqual({
      retentionPolicy: '14d',
      configuration: {
        destinationPath: 's3://db-backups/prod/team-a/',
        endpointURL: 'https://s3.eu-central-1.amazonaws.com',
        s3Credentials: {
          accessKeyId: { name: 'pg-backup-credentials', key: 'AWS_ACCESS_KEY_ID' },
          secretAccessKey: { name: 'pg-backup-credentials', key: 'AWS_SECRET_ACCESS_KEY' },
          region: { name: 'pg-backup-credentials', key: 'AWS_REGION' },
        },
        wal: { compression: 'gzip', maxParallel: 4 },
        data: { compression: 'gzip', jobs: 2 },
      },
    })
  })

  it('copies only the needed credential keys into the namespace, plus the region', () => {
    const secret = child(res, 'Secret', 'pg-backup-credentials')
    expect(secret.metadata.namespace).toBe('team-a')
    expect(secret.data).toEqual({ AWS_ACCESS_KEY_ID: b64('AKIAEXAMPLE'), AWS_REGION: b64('eu-central-1'), AWS_SECRET_ACCESS_KEY: b64('not-a-real-secret-value') })
  })

  it('archives WAL through the plugin (point-in-time recovery)', () => {
    expect(child(res, 'Cluster').spec).toMatchObject({
      plugins: [{ name: 'barman-cloud.cloudnative-pg.io', isWALArchiver: true, parameters: { barmanObjectName: 'pg-backup', serverName: 'pg' } }],
    })
  })

  it('one ScheduledBackup per schedule, six-field cron, suspended when disabled, never owning the backups', () => {
    expect(child(res, 'ScheduledBackup', 'pg-nightly').spec).toEqual({
      schedule: '0 30 1 * * *',
      cluster: { name: 'pg' },
      method: 'plugin',
      pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' },
      backupOwnerReference: 'none',
      immediate: true,
      suspend: false,
      target: 'prefer-standby',
    })
    expect(child(res, 'ScheduledBackup', 'pg-weekly').spec).toMatchObject({ schedule: '0 0 3 * * 0', suspend: true, immediate: false })
  })

  it('defaults to a daily schedule and 30 days of retention', () => {
    const r = sync(databaseCluster('pg', { ...SEED_SPEC, backup: BACKUP }), [], [S3_CLASS, S3_SECRET])
    expect(child(r, 'ScheduledBackup', 'pg-daily').spec).toMatchObject({ schedule: '0 0 0 * * *' })
    expect(child(r, 'ObjectStore').spec).toMatchObject({ retentionPolicy: '30d' })
  })

  it('GCS with a service account key', () => {
    const gcs = storageClass('gcs', [{ name: 'eu', gcs: { bucket: 'pg-eu', credentialsSecretRef: { name: 'gcs-key', namespace: 'dbaas-system' } } }])
    const key = credentialsSecret('gcs-key', { GOOGLE_APPLICATION_CREDENTIALS_JSON: '{"type":"service_account"}' })
    const r = sync(databaseCluster('pg', { ...SEED_SPEC, backup: { storageClassName: 'gcs' } }), [], [gcs, key])
    expect(child(r, 'ObjectStore').spec).toMatchObject({
      configuration: { destinationPath: 'gs://pg-eu/team-a/', googleCredentials: { applicationCredentials: { name: 'pg-backup-credentials', key: 'GOOGLE_APPLICATION_CREDENTIALS_JSON' } } },
    })
  })

  it('S3 through the workload identity copies no Secret', () => {
    const iam = storageClass('iam', [{ name: 'aws', s3: { bucket: 'pg-b' } }])
    const r = sync(databaseCluster('pg', { ...SEED_SPEC, backup: { storageClassName: 'iam' } }), [], [iam])
    expect(child(r, 'ObjectStore').spec).toMatchObject({ configuration: { destinationPath: 's3://pg-b/team-a/', s3Credentials: { inheritFromIAMRole: true } } })
    expect(r.children.filter((c) => c.kind === 'Secret')).toEqual([])
  })

  it('skips a filesystem location barman-cloud cannot write to', () => {
    const mixed = storageClass('mixed', [{ name: 'nfs', filesystem: { claimName: 'backups', path: '/' } }, { name: 'aws', s3: { bucket: 'pg-b' } }])
    const r = sync(databaseCluster('pg', { ...SEED_SPEC, backup: { storageClassName: 'mixed' } }), [], [mixed])
    expect(child(r, 'ObjectStore').spec).toMatchObject({ configuration: { destinationPath: 's3://pg-b/team-a/' } })
  })
})

describe('postgresql: data sources (bootstrap by recovery)', () => {
  it('clone of another DatabaseCluster reads its ObjectStore, to a point in time', () => {
    const source = databaseCluster('orders', { ...SEED_SPEC, backup: { ...BACKUP, serverName: 'orders-v2' } })
    const res = sync(databaseCluster('orders-copy', { ...SEED_SPEC, dataSource: { clusterName: 'orders', pointInTime: '2026-07-01T12:00:00Z' } }), [], [source])
    expect(child(res, 'Cluster').spec).toMatchObject({
      bootstrap: { recovery: { source: 'origin', database: 'app', owner: 'app', recoveryTarget: { targetTime: '2026-07-01T12:00:00Z' } } },
      externalClusters: [{ name: 'origin', plugin: { name: 'barman-cloud.cloudnative-pg.io', parameters: { barmanObjectName: 'orders-backup', serverName: 'orders-v2' } } }],
    })
    expect(child(res, 'Cluster').spec).not.toHaveProperty('bootstrap.initdb')
  })

  it.each([
    ['a retained PVC (cloned by the CSI driver)', { name: 'orders-1' }, { name: 'orders-1', kind: 'PersistentVolumeClaim' }],
    ['a VolumeSnapshot', { kind: 'VolumeSnapshot', name: 'orders-1-snap' }, { name: 'orders-1-snap', kind: 'VolumeSnapshot', apiGroup: 'snapshot.storage.k8s.io' }],
  ])('start from %s: CloudNativePG volume recovery, valid upstream', (_name, volume, storage) => {
    const res = sync(databaseCluster('orders', { ...SEED_SPEC, dataSource: { volume } }))
    expect(child(res, 'Cluster').spec).toMatchObject({ bootstrap: { recovery: { volumeSnapshots: { storage }, database: 'app', owner: 'app' } } })
    expect(child(res, 'Cluster').spec).not.toHaveProperty('externalClusters')
    expectValidChild(child(res, 'Cluster'))
    expect(res.status.dataSource).toMatchObject({ applied: false })
  })

  it('restore of a named CNPG Backup', () => {
    const res = sync(databaseCluster('pg', { ...SEED_SPEC, dataSource: { backupName: 'pg-20260701' } }))
    expect(child(res, 'Cluster').spec).toMatchObject({ bootstrap: { recovery: { backup: { name: 'pg-20260701' } } } })
  })

  it('restore from storage (a cluster that no longer exists) gets its own read-only ObjectStore', () => {
    const res = sync(
      databaseCluster('orders', { ...SEED_SPEC, backup: { ...BACKUP, serverName: 'orders-2' }, dataSource: { backupSource: { storageClassName: 's3-default', serverName: 'orders', namespace: 'old-team' } } }),
      [],
      [S3_CLASS, S3_SECRET],
    )
    expect(child(res, 'ObjectStore', 'orders-restore-source').spec).toMatchObject({ configuration: { destinationPath: 's3://db-backups/prod/old-team/' } })
    expect(child(res, 'ObjectStore', 'orders-restore-source').spec).not.toHaveProperty('retentionPolicy')
    expect(child(res, 'Secret', 'orders-restore-credentials').metadata.namespace).toBe('team-a')
    expect(child(res, 'Cluster').spec).toMatchObject({
      externalClusters: [{ name: 'origin', plugin: { parameters: { barmanObjectName: 'orders-restore-source', serverName: 'orders' } } }],
      plugins: [{ parameters: { barmanObjectName: 'orders-backup', serverName: 'orders-2' } }],
    })
  })
})
