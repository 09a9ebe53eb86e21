/**
 * Step 2, engine: the Galera nodes. Size, image, my.cnf, resources and the
 * volume; TLS on (the operator refuses it off without an unsafe flag); one
 * node may be down at a time. The operator refuses fewer than 3 or more than
 * 5 nodes, or an even number, unless `unsafeFlags.pxcSize` (pxc_types.go,
 * checkSafeDefaults): a single node is allowed for development and gets it.
 * `stopped` is the operator's `pause` (the StatefulSets scale to zero, the
 * volumes stay). Nodes are updated by the operator's SmartUpdate (the writer
 * last), which needs a proxy; without one, by a StatefulSet rolling update
 * (see proxy.ts).
 */
import { CR_VERSION } from '../child-types.js'
import { mysqlNames } from '../names.js'
import { myCnf } from '../parameters.js'
import type { Desired, Step } from '../pipeline.js'
import { withSpec } from '../pipeline.js'
import { proxyKind } from '../proxy-kind.js'

export const SAFE_SIZES = [3, 5]

export function volumeSpec(size: string, storageClass: string | undefined): Record<string, unknown> {
  return {
    persistentVolumeClaim: {
      ...(storageClass === undefined ? {} : { storageClassName: storageClass }),
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: size } },
    },
  }
}

export const engine: Step = (desired, { cluster, resolved }): Desired => {
  const { spec } = cluster
  const configuration = myCnf(spec.config ?? [])
  return withSpec(desired, {
    crVersion: CR_VERSION,
    secretsName: mysqlNames.secrets(cluster.name),
    enableVolumeExpansion: true,
    updateStrategy: proxyKind(spec) === undefined ? 'RollingUpdate' : 'SmartUpdate',
    upgradeOptions: { apply: 'disabled' },
    pause: spec.stopped,
    ...(SAFE_SIZES.includes(spec.clusterSize) ? {} : { unsafeFlags: { pxcSize: true } }),
    tls: { enabled: true },
    pxc: {
      size: spec.clusterSize,
      image: resolved.image,
      autoRecovery: true,
      ...(configuration === undefined ? {} : { configuration }),
      ...(spec.resources === undefined ? {} : { resources: spec.resources }),
      volumeSpec: volumeSpec(spec.storage, spec.storageClass),
      podDisruptionBudget: { maxUnavailable: 1 },
      gracePeriod: 600,
    },
  })
}
