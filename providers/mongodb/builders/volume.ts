/** A persistent volume per member, of the cluster's StorageClass. */
import type { DatabaseClusterSpec } from '../../../api/database-cluster.js'

export function volumeSpec(spec: DatabaseClusterSpec, size: string): Record<string, unknown> {
  return {
    persistentVolumeClaim: {
      ...(spec.storageClass === undefined ? {} : { storageClassName: spec.storageClass }),
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: size } },
    },
  }
}
