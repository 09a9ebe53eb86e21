/**
 * PerconaXtraDBCluster, built in the seed's order: metadata, engine, proxy,
 * monitoring, scheduling, backup (each a small function below), then the
 * escape hatch. The data source is a separate Restore object (in place).
 */
import type { DatabaseClusterSpec } from '../../api/database-cluster.js'
import type { ClusterObject } from '../database-cluster/engine-provider.js'
import type { KObject } from '../shared/kube.js'
import { clusterLabels } from '../shared/labels.js'
import { mergePatch } from '../shared/merge-patch.js'
import { CR_VERSION, PXC_API } from './child-types.js'
import { componentImages } from './images.js'
import { mysqlNames } from './names.js'
import type { MysqlResolved } from './resolve.js'

type Spec = Record<string, unknown>

function myCnf(spec: DatabaseClusterSpec): string | undefined {
  const params = spec.config ?? []
  return params.length === 0 ? undefined : `[mysqld]\n${params.map((p) => `${p.name}=${p.value}`).join('\n')}\n`
}

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

function engine(c: ClusterObject, r: MysqlResolved): Spec {
  const { spec } = c
  const conf = myCnf(spec)
  return {
    size: spec.clusterSize,
    image: r.image,
    autoRecovery: true,
    ...(conf === undefined ? {} : { configuration: conf }),
    ...(spec.resources === undefined ? {} : { resources: spec.resources }),
    volumeSpec: { persistentVolumeClaim: { ...(spec.storageClass === undefined ? {} : { storageClassName: spec.storageClass }), accessModes: ['ReadWriteOnce'], resources: { requests: { storage: spec.storage } } } },
    podDisruptionBudget: { maxUnavailable: 1 },
    ...scheduling(spec),
  }
}

/** HAProxy (default) or ProxySQL; with the proxy off, clients reach the nodes' own Service. */
function proxy(c: ClusterObject, r: MysqlResolved): Spec {
  const p = c.spec.proxy
  const images = componentImages(r.version)
  const enabled = p?.enabled === true
  const type = p?.type ?? 'haproxy'
  const external = c.spec.expose?.type === 'external'
  const block = (name: 'haproxy' | 'proxysql'): Spec => ({
    enabled: enabled && type === name,
    ...(enabled && type === name
      ? {
          size: p?.replicas ?? 2,
          image: name === 'haproxy' ? images.haproxy : images.proxysql,
          ...(p?.resources === undefined ? {} : { resources: p.resources }),
          ...(name === 'haproxy' && external ? { exposePrimary: { enabled: true, type: 'LoadBalancer', ...(c.spec.expose?.sourceRanges === undefined ? {} : { loadBalancerSourceRanges: c.spec.expose.sourceRanges }), ...(c.spec.expose?.annotations === undefined ? {} : { annotations: c.spec.expose.annotations }) } } : {}),
          ...scheduling(c.spec),
        }
      : {}),
  })
  return { haproxy: block('haproxy'), proxysql: block('proxysql') }
}

function monitoring(c: ClusterObject, r: MysqlResolved): Spec {
  const m = c.spec.monitoring
  if (m?.enabled !== true || m.pmm === undefined) return { pmm: { enabled: false } }
  return { pmm: { enabled: true, image: componentImages(r.version).pmm, serverHost: m.pmm.serverHost } }
}

function backup(c: ClusterObject, r: MysqlResolved): Spec {
  const b = c.spec.backup
  const s = r.storage
  if (b === undefined || s === undefined) return {}
  const name = s.location.name
  const s3 = s.location.s3
  return {
    backup: {
      image: componentImages(r.version).backup,
      storages: {
        [name]: {
          type: 's3',
          verifyTLS: !s3.insecureSkipTLSVerify,
          s3: { bucket: s.bucketPath, ...(s3.region === undefined ? {} : { region: s3.region }), ...(s3.endpoint === undefined ? {} : { endpointUrl: s3.endpoint }), ...(s.credentials === undefined ? {} : { credentialsSecret: mysqlNames.backupCredentials(c.name) }) },
        },
      },
      ...(b.pointInTimeRecovery ? { pitr: { enabled: true, storageName: name, timeBetweenUploads: 60 } } : {}),
      schedule: b.schedules.filter((x) => x.enabled).map((x) => ({ name: x.name, schedule: x.schedule, storageName: name, retention: { type: 'count', count: x.retentionCopies ?? 7, deleteFromStorage: true } })),
    },
  }
}

export function buildPxc(c: ClusterObject, r: MysqlResolved): KObject {
  const { spec } = c
  const unsafe = { ...(spec.clusterSize < 3 ? { pxcSize: true } : {}), ...(spec.proxy?.enabled === true && spec.proxy.replicas < 2 ? { proxySize: true } : {}) }
  const body: Spec = {
    crVersion: CR_VERSION,
    secretsName: mysqlNames.secrets(c.name),
    enableVolumeExpansion: true,
    updateStrategy: 'SmartUpdate',
    upgradeOptions: { apply: 'disabled' },
    pause: spec.stopped,
    ...(Object.keys(unsafe).length === 0 ? {} : { unsafeFlags: unsafe }),
    tls: { enabled: true },
    pxc: engine(c, r),
    ...proxy(c, r),
    ...monitoring(c, r),
    ...backup(c, r),
  }
  return {
    apiVersion: PXC_API,
    kind: 'PerconaXtraDBCluster',
    metadata: { name: mysqlNames.cluster(c.name), namespace: c.namespace, labels: clusterLabels(c.name, 'mysql', 'database'), annotations: { 'dbaas.io/version': r.version } },
    spec: spec.engineOverrides === undefined ? body : (mergePatch(body, spec.engineOverrides)),
  }
}
