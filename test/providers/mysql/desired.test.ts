import { describe, expect, it } from 'vitest'
import { S3_CLASS, S3_SECRET, b64, child, condition, credentialsSecret, storageClass, sync } from '../../support/clusters.js'
import { expectValidChild } from '../../support/upstream-schemas.js'
import { BACKUP, RELATED, parent, pxcProblems } from './fixtures.js'

type Obj = Record<string, any>

function render(extra: Obj, related = RELATED, name = 'shop') {
  const res = sync(parent(name, extra), [], related)
  for (const c of res.children) expectValidChild(c)
  expect(pxcProblems(res.children)).toEqual([])
  return res
}

const pxcSpec = (extra: Obj, related = RELATED) => child(render(extra, related), 'PerconaXtraDBCluster').spec as Obj

describe('mysql: the minimal spec', () => {
  const res = render({})
  const pxc = child(res, 'PerconaXtraDBCluster', 'shop')

  it('is one PerconaXtraDBCluster for operator 1.19 with the newest catalog version', () => {
    expect(res.children.map((c) => c.kind)).toEqual(['PerconaXtraDBCluster'])
    expect(pxc.metadata.annotations).toEqual({ 'dbaas.io/version': '8.4' })
    expect(pxc.spec).toMatchObject({ crVersion: '1.19.0', secretsName: 'shop-secrets', upgradeOptions: { apply: 'disabled' }, tls: { enabled: true }, pause: false, enableVolumeExpansion: true })
  })

  it('three Galera nodes, image, my.cnf, storage', () => {
    expect(pxc.spec).toMatchObject({
      pxc: {
        size: 3,
        image: 'percona/percona-xtradb-cluster:8.4.7-7.1',
        autoRecovery: true,
        configuration: '[mysqld]\nmax_connections=500\n',
        volumeSpec: { persistentVolumeClaim: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } } },
        podDisruptionBudget: { maxUnavailable: 1 },
      },
    })
    expect(pxc.spec).not.toHaveProperty('unsafeFlags')
  })

  it('no proxy asked for: both proxies off, nodes reached directly, rolling update instead of SmartUpdate', () => {
    expect(pxc.spec).toMatchObject({ haproxy: { enabled: false }, proxysql: { enabled: false }, updateStrategy: 'RollingUpdate' })
  })

  it('finalizers stop nodes in order and remove volumes and TLS Secrets with the cluster', () => {
    expect(pxc.metadata.finalizers).toEqual(['percona.com/delete-pxc-pods-in-order', 'percona.com/delete-pxc-pvc', 'percona.com/delete-proxysql-pvc', 'percona.com/delete-ssl'])
  })

  it('says the data is not protected', () => {
    expect(condition(res.status, 'BackupHealthy')).toMatchObject({ status: 'False', reason: 'BackupNotConfigured' })
  })
})

describe('mysql: spec fields → PerconaXtraDBCluster fields', () => {
  it.each([
    ['version 8.0', { version: '8.0' }, { pxc: { image: 'percona/percona-xtradb-cluster:8.0.44-35.1' } }],
    ['one node for development: the size flag', { clusterSize: 1 }, { pxc: { size: 1 }, unsafeFlags: { pxcSize: true } }],
    ['five nodes need no flag', { clusterSize: 5 }, { pxc: { size: 5 } }],
    ['storage class', { storageClass: 'fast-ssd' }, { pxc: { volumeSpec: { persistentVolumeClaim: { storageClassName: 'fast-ssd' } } } }],
    ['resources', { resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '2Gi' } } }, { pxc: { resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '2Gi' } } } }],
    ['parameters in the order given', { config: [{ name: 'wsrep_provider_options', value: '"gcache.size=1G"' }, { name: 'innodb-buffer-pool-size', value: '1G' }] }, { pxc: { configuration: '[mysqld]\nwsrep_provider_options="gcache.size=1G"\ninnodb-buffer-pool-size=1G\n' } }],
    ['stopped → pause', { stopped: true }, { pause: true }],
    ['PMM', { monitoring: { enabled: true, pmm: { serverHost: 'pmm.monitoring.svc' } } }, { pmm: { enabled: true, image: 'percona/pmm-client:3.5.0', serverHost: 'pmm.monitoring.svc' } }],
    ['escape hatch', { engineOverrides: { pxc: { gracePeriod: 300 }, logcollector: { enabled: false } } }, { pxc: { gracePeriod: 300, size: 3 }, logcollector: { enabled: false } }],
  ])('%s', (_name, extra, expected) => {
    expect(pxcSpec(extra)).toMatchObject(expected)
  })

  it('no config → no configuration key', () => {
    expect(pxcSpec({ config: [] }).pxc).not.toHaveProperty('configuration')
  })

  it('an escape-hatch null removes a field', () => {
    expect(pxcSpec({ engineOverrides: { upgradeOptions: null } })).not.toHaveProperty('upgradeOptions')
  })
})

describe('mysql: proxies', () => {
  it('HAProxy by default, SmartUpdate, two proxies', () => {
    expect(pxcSpec({ proxy: { enabled: true } })).toMatchObject({ updateStrategy: 'SmartUpdate', haproxy: { enabled: true, size: 2, image: 'percona/haproxy:2.8.17', podDisruptionBudget: { maxUnavailable: 1 } }, proxysql: { enabled: false } })
  })

  it('ProxySQL with its own volume in the cluster\'s storage class', () => {
    expect(pxcSpec({ storageClass: 'fast', proxy: { enabled: true, type: 'proxysql', replicas: 3, resources: { requests: { cpu: '200m' } } } })).toMatchObject({
      haproxy: { enabled: false },
      proxysql: { enabled: true, size: 3, image: 'percona/proxysql2:2.7.3-1.2', resources: { requests: { cpu: '200m' } }, volumeSpec: { persistentVolumeClaim: { storageClassName: 'fast', resources: { requests: { storage: '2Gi' } } } } },
    })
  })

  it('one proxy needs the proxy size flag; one node with two proxies needs only the node flag', () => {
    expect(pxcSpec({ proxy: { enabled: true, replicas: 1 } }).unsafeFlags).toEqual({ proxySize: true })
    expect(pxcSpec({ clusterSize: 1, proxy: { enabled: true } }).unsafeFlags).toEqual({ pxcSize: true })
    expect(pxcSpec({ clusterSize: 1, proxy: { enabled: true, replicas: 1 } }).unsafeFlags).toEqual({ pxcSize: true, proxySize: true })
  })

  it('external exposure: the HAProxy writer Service becomes a LoadBalancer', () => {
    const s = pxcSpec({ proxy: { enabled: true }, expose: { type: 'external', sourceRanges: ['10.0.0.0/8'], annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } } })
    expect(s.haproxy.exposePrimary).toEqual({ enabled: true, type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8'], annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } })
  })

  it('external exposure through ProxySQL', () => {
    expect(pxcSpec({ proxy: { enabled: true, type: 'proxysql' }, expose: { type: 'external' } }).proxysql.expose).toEqual({ enabled: true, type: 'LoadBalancer' })
  })
})

describe('mysql: scheduling per component', () => {
  const selector = (component: string) => ({ 'app.kubernetes.io/name': 'percona-xtradb-cluster', 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/component': component })

  it('preferred (the default) is spelled out: the operator\'s shorthand would be required', () => {
    const s = pxcSpec({ proxy: { enabled: true } })
    expect(s.pxc.affinity).toEqual({ advanced: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: selector('pxc') }, topologyKey: 'kubernetes.io/hostname' } }] } } })
    expect(s.haproxy.affinity.advanced.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchLabels).toEqual(selector('haproxy'))
  })

  it.each([
    ['required on a key the operator knows → its shorthand', { antiAffinity: 'required', topologyKey: 'topology.kubernetes.io/zone' }, { antiAffinityTopologyKey: 'topology.kubernetes.io/zone' }],
    ['none → its shorthand', { antiAffinity: 'none' }, { antiAffinityTopologyKey: 'none' }],
    ['required on another key → advanced (the operator would reset the key)', { antiAffinity: 'required', topologyKey: 'rack' }, { advanced: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: selector('pxc') }, topologyKey: 'rack' }] } } }],
  ])('%s', (_name, scheduling, affinity) => {
    expect(pxcSpec({ scheduling }).pxc.affinity).toEqual(affinity)
  })

  it('node affinity, selection, tolerations, spread and priority on nodes and the proxy that runs', () => {
    const nodeAffinity = { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }] } }
    const tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }]
    const topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }]
    const scheduling = { antiAffinity: 'none', affinity: nodeAffinity, nodeSelector: { workload: 'db' }, tolerations, topologySpreadConstraints, priorityClassName: 'db-high' }
    const s = pxcSpec({ proxy: { enabled: true, type: 'proxysql' }, scheduling })
    for (const component of [s.pxc, s.proxysql]) {
      expect(component).toMatchObject({ affinity: { advanced: { nodeAffinity } }, nodeSelector: { workload: 'db' }, tolerations, topologySpreadConstraints, priorityClassName: 'db-high' })
    }
    expect(s.pxc.affinity.advanced).not.toHaveProperty('podAntiAffinity')
    expect(s.haproxy).toEqual({ enabled: false })
  })
})

describe('mysql: backups', () => {
  const res = render({ backup: BACKUP })
  const backup = (child(res, 'PerconaXtraDBCluster').spec as Obj).backup

  it('one S3 storage named after the location, under prefix/namespace/cluster', () => {
    expect(backup.image).toBe('percona/percona-xtrabackup:8.4.0-5.1')
    expect(backup.storages).toEqual({
      primary: { type: 's3', verifyTLS: true, s3: { bucket: 'db-backups/prod/team-a/shop', region: 'eu-central-1', endpointUrl: 'https://s3.eu-central-1.amazonaws.com', credentialsSecret: 'shop-backup-credentials' } },
    })
  })

  it('enabled schedules only, five-field cron, count retention', () => {
    expect(backup.schedule).toEqual([{ name: 'nightly', schedule: '0 2 * * *', storageName: 'primary', retention: { type: 'count', count: 7, deleteFromStorage: true } }])
  })

  it('binlog point-in-time recovery to the same storage', () => {
    expect(backup.pitr).toEqual({ enabled: true, storageName: 'primary', timeBetweenUploads: 60, timeoutSeconds: 60 })
    expect((child(render({ backup: { ...BACKUP, pointInTimeRecovery: false } }), 'PerconaXtraDBCluster').spec as Obj).backup.pitr).toEqual({ enabled: false })
  })

  it('copies only the access key pair into the namespace', () => {
    const secret = child(res, 'Secret', 'shop-backup-credentials')
    expect(secret.metadata.namespace).toBe('team-a')
    expect(secret.data).toEqual({ AWS_ACCESS_KEY_ID: b64('AKIAEXAMPLE'), AWS_SECRET_ACCESS_KEY: b64('not-a-real-secret-value') })
  })

  it('defaults: a daily schedule keeping 7 backups; serverName names the folder', () => {
    const b = (child(render({ backup: { storageClassName: 's3-default', serverName: 'shop-v2' } }), 'PerconaXtraDBCluster').spec as Obj).backup
    expect(b.schedule).toEqual([{ name: 'daily', schedule: '0 0 * * *', storageName: 'primary', retention: { type: 'count', count: 7, deleteFromStorage: true } }])
    expect(b.storages.primary.s3.bucket).toBe('db-backups/prod/team-a/shop-v2')
  })

  it('a CA, path-style addressing and skipped TLS verification for an S3-compatible store', () => {
    const minio = storageClass('minio', [{ name: 'm', s3: { bucket: 'dbs', endpoint: 'https://minio.storage:9000', forcePathStyle: true, insecureSkipTLSVerify: true, credentialsSecretRef: { name: 'minio', namespace: 'dbaas-system' } } }])
    const secret = credentialsSecret('minio', { AWS_ACCESS_KEY_ID: 'u', AWS_SECRET_ACCESS_KEY: 'p', 'ca.crt': '-----BEGIN CERTIFICATE-----' })
    const r = render({ backup: { storageClassName: 'minio' } }, [minio, secret])
    expect((child(r, 'PerconaXtraDBCluster').spec as Obj).backup.storages.m).toEqual({
      type: 's3',
      verifyTLS: false,
      s3: { bucket: 'dbs/team-a/shop', endpointUrl: 'https://minio.storage:9000', credentialsSecret: 'shop-backup-credentials', caBundle: { name: 'shop-backup-credentials', key: 'ca.crt' } },
      containerOptions: { args: { xbcloud: ['--s3-bucket-lookup=path'] } },
    })
    expect(Object.keys(child(r, 'Secret').data as Obj)).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'ca.crt'])
  })

  it('the workload identity copies no Secret (binlog archiving off: the collector needs keys)', () => {
    const iam = storageClass('iam', [{ name: 'aws', s3: { bucket: 'pxc-b' } }])
    const r = render({ backup: { storageClassName: 'iam', pointInTimeRecovery: false } }, [iam])
    expect((child(r, 'PerconaXtraDBCluster').spec as Obj).backup.storages.aws.s3).toEqual({ bucket: 'pxc-b/team-a/shop' })
    expect(r.children.filter((c) => c.kind === 'Secret')).toEqual([])
  })

  it('skips locations the operator cannot write to', () => {
    const mixed = storageClass('mixed', [{ name: 'nfs', filesystem: { claimName: 'b', path: '/' } }, { name: 'gcs', gcs: { bucket: 'pxc-g' } }, { name: 'aws', s3: { bucket: 'pxc-b', credentialsSecretRef: { name: 's3-creds', namespace: 'dbaas-system' } } }])
    expect(Object.keys((child(render({ backup: { storageClassName: 'mixed' } }, [mixed, S3_SECRET]), 'PerconaXtraDBCluster').spec as Obj).backup.storages)).toEqual(['aws'])
  })

  it('with the S3 class of the shared fixtures', () => {
    expect(render({ backup: BACKUP }, [S3_CLASS, S3_SECRET]).children.map((c) => `${c.kind}/${c.metadata.name}`)).toEqual(['PerconaXtraDBCluster/shop', 'Secret/shop-backup-credentials'])
  })
})

describe('mysql: names', () => {
  it('a DatabaseCluster name over 22 characters gets a cut PerconaXtraDBCluster name with a hash, stable and distinct', () => {
    const long = 'orders-production-eu-west-1'
    const a = child(render({ proxy: { enabled: true } }, RELATED, long), 'PerconaXtraDBCluster')
    const b = child(render({}, RELATED, 'orders-production-eu-west-2'), 'PerconaXtraDBCluster')
    expect(a.metadata.name).toHaveLength(22)
    expect(a.metadata.name).toMatch(/^orders-produc-[0-9a-f]{8}$/)
    expect(b.metadata.name).not.toBe(a.metadata.name)
    expect(a.spec).toMatchObject({ secretsName: `${long}-secrets`, pxc: { affinity: { advanced: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ podAffinityTerm: { labelSelector: { matchLabels: { 'app.kubernetes.io/instance': a.metadata.name } } } }] } } } } })
    expect(a.metadata.labels).toMatchObject({ 'dbaas.io/cluster': long })
  })
})
