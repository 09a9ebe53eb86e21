/**
 * PerconaServerMongoDB, built in the seed's order: metadata, engine (the rs0
 * replica set), proxy (mongos, which needs sharding and a config server
 * replica set), monitoring (PMM), scheduling (per component), backup (PBM
 * storages, tasks, oplog point-in-time), then the escape hatch.
 */
import type { DatabaseClusterSpec } from '../../api/database-cluster.js'
import type { ClusterObject } from '../database-cluster/engine-provider.js'
import type { KObject } from '../shared/kube.js'
import { clusterLabels } from '../shared/labels.js'
import { mergePatch } from '../shared/merge-patch.js'
import { CR_VERSION, PSMDB_API } from './child-types.js'
import { mongodConf } from './config.js'
import { COMPONENT_IMAGES, REPLSET, mongoNames } from './names.js'
import type { MongoResolved } from './resolve.js'

type Spec = Record<string, unknown>

function scheduling(spec: DatabaseClusterSpec): Spec {
  const s = spec.scheduling
  const anti = s?.antiAffinity ?? 'preferred'
  return {
    affinity: s?.affinity !== undefined ? { advanced: { nodeAffinity: s.affinity } } : { antiAffinityTopologyKey: anti === 'none' ? 'none' : (s?.topologyKey ?? 'kubernetes.io/hostname') },
    ...(s?.nodeSelector === undefined ? {} : { nodeSelector: s.nodeSelector }),
    ...(s?.tolerations === undefined ? {} : { tolerations: s.tolerations }),
    ...(s?.topologySpreadConstraints === undefined ? {} : { topologySpreadConstraints: s.topologySpreadConstraints }),
    ...(s?.priorityClassName === undefined ? {} : { priorityClassName: s.priorityClassName }),
  }
}

function volume(spec: DatabaseClusterSpec, size: string): Spec {
  return { persistentVolumeClaim: { ...(spec.storageClass === undefined ? {} : { storageClassName: spec.storageClass }), accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } } }
}

function replset(c: ClusterObject): Spec {
  const { spec } = c
  const conf = mongodConf(spec.config ?? [])
  return {
    name: REPLSET,
    size: spec.clusterSize,
    ...(conf === undefined ? {} : { configuration: conf }),
    ...(spec.resources === undefined ? {} : { resources: spec.resources }),
    volumeSpec: volume(spec, spec.storage),
    podDisruptionBudget: { maxUnavailable: 1 },
    ...(spec.expose?.type === 'external' && spec.proxy?.enabled !== true ? { expose: { enabled: true, type: 'LoadBalancer', ...(spec.expose.sourceRanges === undefined ? {} : { loadBalancerSourceRanges: spec.expose.sourceRanges }) } } : {}),
    ...scheduling(spec),
  }
}

function sharding(c: ClusterObject): Spec {
  const { spec } = c
  if (spec.proxy?.enabled !== true) return { sharding: { enabled: false } }
  const external = spec.expose?.type === 'external'
  return {
    sharding: {
      enabled: true,
      configsvrReplSet: { size: spec.clusterSize === 1 ? 1 : 3, volumeSpec: volume(spec, '5Gi'), ...scheduling(spec) },
      mongos: {
        size: spec.proxy.replicas,
        ...(spec.proxy.resources === undefined ? {} : { resources: spec.proxy.resources }),
        expose: { type: external ? 'LoadBalancer' : 'ClusterIP', ...(external && spec.expose?.sourceRanges !== undefined ? { loadBalancerSourceRanges: spec.expose.sourceRanges } : {}) },
        ...scheduling(spec),
      },
    },
  }
}

function monitoring(c: ClusterObject): Spec {
  const m = c.spec.monitoring
  if (m?.enabled !== true || m.pmm === undefined) return { pmm: { enabled: false, image: COMPONENT_IMAGES.pmm } }
  return { pmm: { enabled: true, image: COMPONENT_IMAGES.pmm, serverHost: m.pmm.serverHost } }
}

function backup(c: ClusterObject, r: MongoResolved): Spec {
  const b = c.spec.backup
  const s = r.storage
  if (b === undefined || s === undefined) return { backup: { enabled: false, image: COMPONENT_IMAGES.backup } }
  const name = s.location.name
  const s3 = s.location.s3
  const prefix = [s3.prefix, c.namespace, c.name].filter((p): p is string => p !== undefined && p !== '').join('/')
  return {
    backup: {
      enabled: true,
      image: COMPONENT_IMAGES.backup,
      storages: {
        [name]: {
          type: 's3',
          main: true,
          s3: {
            bucket: s3.bucket,
            prefix,
            ...(s3.region === undefined ? {} : { region: s3.region }),
            ...(s3.endpoint === undefined ? {} : { endpointUrl: s3.endpoint }),
            ...(s.credentials === undefined ? {} : { credentialsSecret: mongoNames.backupCredentials(c.name) }),
            forcePathStyle: s3.forcePathStyle,
            insecureSkipTLSVerify: s3.insecureSkipTLSVerify,
          },
        },
      },
      pitr: { enabled: b.pointInTimeRecovery, oplogSpanMin: 10, compressionType: 'gzip' },
      tasks: b.schedules.map((t) => ({ name: t.name, enabled: t.enabled, schedule: t.schedule, storageName: name, type: 'logical', compressionType: 'gzip', retention: { type: 'count', count: t.retentionCopies ?? 7, deleteFromStorage: true } })),
    },
  }
}

export function buildPsmdb(c: ClusterObject, r: MongoResolved): KObject {
  const { spec } = c
  const unsafe = { ...(spec.clusterSize < 3 ? { replsetSize: true } : {}), ...(spec.proxy?.enabled === true && spec.proxy.replicas < 2 ? { mongosSize: true } : {}) }
  const body: Spec = {
    crVersion: CR_VERSION,
    image: r.image,
    updateStrategy: 'SmartUpdate',
    upgradeOptions: { apply: 'disabled' },
    pause: spec.stopped,
    ...(Object.keys(unsafe).length === 0 ? {} : { unsafeFlags: unsafe }),
    storageScaling: { enableVolumeScaling: true },
    secrets: { users: mongoNames.users(c.name) },
    replsets: [replset(c)],
    ...sharding(c),
    ...monitoring(c),
    ...backup(c, r),
  }
  return {
    apiVersion: PSMDB_API,
    kind: 'PerconaServerMongoDB',
    metadata: { name: mongoNames.cluster(c.name), namespace: c.namespace, labels: clusterLabels(c.name, 'mongodb', 'database'), annotations: { 'dbaas.io/version': r.version } },
    spec: spec.engineOverrides === undefined ? body : (mergePatch(body, spec.engineOverrides)),
  }
}
