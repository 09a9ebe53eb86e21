import { describe, expect, it } from 'vitest'
import { CTX, S3_SECRET, child, condition, credentialsSecret, databaseCluster, storageClass, sync } from '../../support/clusters.js'
import { BACKUP, GCS_CLASS, GCS_SECRET, RELATED, SERVICE_ACCOUNT, problemsOf, spec } from './fixtures.js'

type Obj = Record<string, any>

function render(extra: Obj = {}, related = RELATED) {
  const res = sync(databaseCluster('events', spec(extra)), [], related)
  expect(condition(res.status, 'SpecValid'), JSON.stringify(res.status.conditions)).toMatchObject({ status: 'True' })
  expect(problemsOf(res.children)).toEqual([])
  return { res, psmdb: child(res, 'PerconaServerMongoDB', 'events').spec as Obj }
}

describe('mongodb → PerconaServerMongoDB: the rs0 replica set', () => {
  it('size, image, volumes, resources, mongod.conf, a users Secret of its own, the operator switches', () => {
    const { res, psmdb } = render({ storageClass: 'fast-ssd', resources: { requests: { cpu: '1', memory: '2Gi' } }, config: [{ name: 'operationProfiling.slowOpThresholdMs', value: '200' }, { name: 'operationProfiling.mode', value: 'slowOp' }] })
    expect(psmdb).toMatchObject({
      crVersion: '1.22.0',
      image: 'percona/percona-server-mongodb:8.0.19-7',
      updateStrategy: 'SmartUpdate',
      upgradeOptions: { apply: 'disabled', setFCV: true },
      pause: false,
      secrets: { users: 'events-users' },
      storageScaling: { enableVolumeScaling: true },
      replsets: [{ name: 'rs0', size: 3, resources: { requests: { cpu: '1', memory: '2Gi' } }, configuration: 'operationProfiling:\n  slowOpThresholdMs: 200\n  mode: slowOp\n', volumeSpec: { persistentVolumeClaim: { storageClassName: 'fast-ssd', resources: { requests: { storage: '20Gi' } } } } }],
    })
    expect(psmdb.unsafeFlags).toBeUndefined()
    expect(psmdb.sharding).toBeUndefined()
    expect(psmdb.backup).toBeUndefined()
    expect(res.children.map((c) => c.kind)).toEqual(['PerconaServerMongoDB'])
    const meta = res.children[0]!.metadata
    expect(meta.annotations).toEqual({ 'dbaas.io/version': '8.0' })
    expect(meta.finalizers).toEqual(['percona.com/delete-psmdb-pods-in-order', 'percona.com/delete-psmdb-pvc'])
    expect(meta.labels).toMatchObject({ 'dbaas.io/engine': 'mongodb', 'dbaas.io/cluster': 'events', 'app.kubernetes.io/component': 'database' })
  })

  it.each([
    ['8.0', 'percona/percona-server-mongodb:8.0.19-7'],
    ['7.0', 'percona/percona-server-mongodb:7.0.30-16'],
    ['6.0', 'percona/percona-server-mongodb:6.0.27-21'],
  ])('version %s runs %s (operator 1.22.0 certified images)', (version, image) => {
    expect(render({ version }).psmdb.image).toBe(image)
  })

  it.each([
    [1, { replsetSize: true }],
    [3, undefined],
    [7, undefined],
  ])('clusterSize %i → unsafe flags %j (the operator refuses sizes below 3 without them)', (clusterSize, flags) => {
    expect(render({ clusterSize }).psmdb.unsafeFlags).toEqual(flags)
  })

  it('stopped → pause; engineOverrides are merged last', () => {
    const { psmdb } = render({ stopped: true, engineOverrides: { updateStrategy: 'RollingUpdate', tls: { mode: 'requireTLS' } } })
    expect(psmdb).toMatchObject({ pause: true, updateStrategy: 'RollingUpdate', tls: { mode: 'requireTLS' } })
  })
})

describe('proxy: mongos with config servers', () => {
  it.each([
    ['3 members, 20Gi', {}, 3, '5Gi'],
    ['1 member, 2Gi', { clusterSize: 1, storage: '2Gi' }, 1, '2Gi'],
  ])('%s → config servers of %i members with %s volumes of the same class', (_name, extra, size, volume) => {
    const { psmdb } = render({ storageClass: 'fast-ssd', proxy: { enabled: true, replicas: 3, resources: { requests: { cpu: '500m' } }, config: [{ name: 'net.compression.compressors', value: 'zstd' }] }, ...extra })
    expect(psmdb.sharding).toMatchObject({
      enabled: true,
      configsvrReplSet: { size, volumeSpec: { persistentVolumeClaim: { storageClassName: 'fast-ssd', resources: { requests: { storage: volume } } } } },
      mongos: { size: 3, resources: { requests: { cpu: '500m' } }, configuration: 'net:\n  compression:\n    compressors: zstd\n', expose: { type: 'ClusterIP' } },
    })
  })

  it.each([
    ['through mongos', { proxy: { enabled: true } }, (p: Obj) => p.sharding.mongos.expose, { type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8'], annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } }],
    ['per member without mongos', {}, (p: Obj) => p.replsets[0].expose, { enabled: true, type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8'], annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } }],
  ])('external exposure %s', (_name, extra, pick, expected) => {
    const { psmdb } = render({ ...extra, expose: { type: 'external', sourceRanges: ['10.0.0.0/8'], annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } } })
    expect(pick(psmdb)).toEqual(expected)
  })
})

describe('monitoring and scheduling', () => {
  it('PMM client reporting to the named server', () => {
    expect(render({ monitoring: { enabled: true, pmm: { serverHost: 'pmm.monitoring.svc' } } }).psmdb.pmm).toEqual({ enabled: true, image: 'percona/pmm-client:3.6.0', serverHost: 'pmm.monitoring.svc' })
  })

  const rsTerm = { labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'percona-server-mongodb', 'app.kubernetes.io/instance': 'events', 'app.kubernetes.io/replset': 'rs0' } }, topologyKey: 'topology.kubernetes.io/zone' }
  const node = { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }] } }
  it.each([
    ['required → the operator\'s topology key', { antiAffinity: 'required' }, { antiAffinityTopologyKey: 'topology.kubernetes.io/zone' }],
    ['none → none', { antiAffinity: 'none' }, { antiAffinityTopologyKey: 'none' }],
    ['preferred → advanced, preferred', { antiAffinity: 'preferred' }, { advanced: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: rsTerm }] } } }],
    ['node affinity with required → advanced with both', { antiAffinity: 'required', affinity: node }, { advanced: { nodeAffinity: node, podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [rsTerm] } } }],
    ['node affinity without anti-affinity', { antiAffinity: 'none', affinity: node }, { advanced: { nodeAffinity: node } }],
  ])('%s', (_name, scheduling, affinity) => {
    expect(render({ scheduling: { topologyKey: 'topology.kubernetes.io/zone', ...scheduling } }).psmdb.replsets[0].affinity).toEqual(affinity)
  })

  it('node selector, tolerations, spread and priority on every component, each with its own pods in the anti-affinity', () => {
    const s = { nodeSelector: { workload: 'db' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }], topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }], priorityClassName: 'db-high' }
    const { psmdb } = render({ proxy: { enabled: true }, scheduling: s })
    for (const part of [psmdb.replsets[0], psmdb.sharding.configsvrReplSet, psmdb.sharding.mongos]) expect(part).toMatchObject(s)
    const selector = (p: Obj) => p.affinity.advanced.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchLabels
    expect(selector(psmdb.sharding.configsvrReplSet)['app.kubernetes.io/replset']).toBe('cfg')
    expect(selector(psmdb.sharding.mongos)['app.kubernetes.io/component']).toBe('mongos')
  })
})

describe('backups through PBM', () => {
  it('S3: storage under namespace/server, credentials copied, tasks with count retention, oplog point in time', () => {
    const { res, psmdb } = render({ backup: { ...BACKUP, serverName: 'events-v2', schedules: [...BACKUP.schedules, { name: 'weekly', schedule: '0 3 * * 0', enabled: false }] } })
    expect(psmdb.backup).toEqual({
      enabled: true,
      image: 'percona/percona-backup-mongodb:2.12.0',
      storages: { primary: { main: true, type: 's3', s3: { bucket: 'db-backups', prefix: 'prod/team-a/events-v2', region: 'eu-central-1', endpointUrl: 'https://s3.eu-central-1.amazonaws.com', credentialsSecret: 'events-backup-credentials', forcePathStyle: false, insecureSkipTLSVerify: false } } },
      pitr: { enabled: true, oplogSpanMin: 10, compressionType: 'gzip' },
      tasks: [
        { name: 'nightly', enabled: true, schedule: '0 2 * * *', storageName: 'primary', type: 'logical', compressionType: 'gzip', retention: { type: 'count', count: 5, deleteFromStorage: true } },
        { name: 'weekly', enabled: false, schedule: '0 3 * * 0', storageName: 'primary', type: 'logical', compressionType: 'gzip', retention: { type: 'count', count: 7, deleteFromStorage: true } },
      ],
    })
    expect(child(res, 'Secret', 'events-backup-credentials').data).toEqual(S3_SECRET.data)
  })

  it('an S3-compatible store: path style, no TLS verification, zstd from the class, point in time off, the pods\' identity', () => {
    const minio = storageClass('minio', [{ name: 'm', s3: { bucket: 'backups', endpoint: 'https://minio.storage:9000', forcePathStyle: true, insecureSkipTLSVerify: true } }])
    const { res, psmdb } = render({ backup: { storageClassName: 'minio', pointInTimeRecovery: false } }, [{ ...minio, spec: { ...(minio.spec as Obj), compression: 'zstd' } }])
    expect(psmdb.backup.storages).toEqual({ m: { main: true, type: 's3', s3: { bucket: 'backups', prefix: 'team-a/events', endpointUrl: 'https://minio.storage:9000', forcePathStyle: true, insecureSkipTLSVerify: true } } })
    expect(psmdb.backup.pitr).toEqual({ enabled: false, oplogSpanMin: 10, compressionType: 'zstd' })
    expect(psmdb.backup.tasks).toEqual([{ name: 'daily', enabled: true, schedule: '0 0 * * *', storageName: 'm', type: 'logical', compressionType: 'zstd', retention: { type: 'count', count: 7, deleteFromStorage: true } }])
    expect(res.children.map((c) => c.kind)).toEqual(['PerconaServerMongoDB'])
  })

  it('GCS: the service account key becomes the GCS_CLIENT_EMAIL and GCS_PRIVATE_KEY the operator reads', () => {
    const { res, psmdb } = render({ backup: { storageClassName: 'gcs-eu' } }, [GCS_CLASS, GCS_SECRET])
    expect(psmdb.backup.storages).toEqual({ gcs: { main: true, type: 'gcs', gcs: { bucket: 'mongo-backups', prefix: 'prod/team-a/events', credentialsSecret: 'events-backup-credentials' } } })
    const data = child(res, 'Secret', 'events-backup-credentials').data as Record<string, string>
    const decoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]))
    expect(decoded).toEqual({ GCS_CLIENT_EMAIL: SERVICE_ACCOUNT.client_email, GCS_PRIVATE_KEY: SERVICE_ACCOUNT.private_key })
  })

  it('the named location of a class with several', () => {
    const two = storageClass('two', [{ name: 'local', filesystem: { claimName: 'nfs' } }, { name: 'offsite', s3: { bucket: 'far-away', credentialsSecretRef: { name: 's3-creds', namespace: 'dbaas-system' } } }])
    expect(Object.keys(render({ backup: { storageClassName: 'two', location: 'offsite' } }, [two, credentialsSecret('s3-creds', { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' })]).psmdb.backup.storages)).toEqual(['offsite'])
  })

  it('the output does not depend on the clock', () => {
    const parent = databaseCluster('events', spec({ backup: BACKUP }))
    expect(sync(parent, [], RELATED, { ...CTX, now: '2030-05-05T05:05:05Z' }).children).toEqual(sync(parent, [], RELATED).children)
  })
})
