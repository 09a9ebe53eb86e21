/**
 * OpsRequests on the Percona operators (child-operators.md §2d, §3d):
 * rolling restart of the database StatefulSet (what `kubectl rollout restart`
 * does), rebuild by deleting an instance's Pod and data PVC, backups and
 * in-place restores as the operator's own Backup and Restore objects.
 */
import type { PlanStep } from '../../../api/ops-plan.js'
import { field, stringField } from '../../shared/observed.js'
import { mongoNames } from '../../mongodb/names.js'
import { mysqlNames } from '../../mysql/names.js'
import { type EngineOps, type ImperativeInput, type Steps, ref, refuse } from './types.js'

interface PerconaKinds {
  api: string
  /** The operator object's name for a DatabaseCluster (PXC cuts long names to the operator's 22 characters). */
  name: (c: string) => string
  /** StatefulSet of the database pods, and the data PVC prefix of each pod. */
  statefulSet: (c: string) => string
  dataPvc: (pod: string) => string
  backup: { kind: string; resource: string; clusterField: string }
  restore: { kind: string; resource: string; clusterField: string }
  main: { kind: string; resource: string }
}

const PXC: PerconaKinds = {
  api: 'pxc.percona.com/v1',
  name: mysqlNames.pxc,
  statefulSet: (c) => `${mysqlNames.pxc(c)}-pxc`,
  dataPvc: (pod) => `datadir-${pod}`,
  backup: { kind: 'PerconaXtraDBClusterBackup', resource: 'perconaxtradbclusterbackups', clusterField: 'pxcCluster' },
  restore: { kind: 'PerconaXtraDBClusterRestore', resource: 'perconaxtradbclusterrestores', clusterField: 'pxcCluster' },
  main: { kind: 'PerconaXtraDBCluster', resource: 'perconaxtradbclusters' },
}

const PSMDB: PerconaKinds = {
  api: 'psmdb.percona.com/v1',
  name: mongoNames.cluster,
  statefulSet: (c) => `${mongoNames.cluster(c)}-rs0`,
  dataPvc: (pod) => `mongod-data-${pod}`,
  backup: { kind: 'PerconaServerMongoDBBackup', resource: 'perconaservermongodbbackups', clusterField: 'clusterName' },
  restore: { kind: 'PerconaServerMongoDBRestore', resource: 'perconaservermongodbrestores', clusterField: 'clusterName' },
  main: { kind: 'PerconaServerMongoDB', resource: 'perconaservermongodbs' },
}

/**
 * The operator's storage name for the cluster's backups: the location the
 * DatabaseCluster names, else the main storage its status reports (read
 * back from the operator's object by the DatabaseCluster's status).
 */
export function perconaStorageName(cluster: ImperativeInput['cluster']): string | undefined {
  return stringField(cluster, 'spec', 'backup', 'location') ?? stringField(cluster, 'status', 'backup', 'storageName')
}

function objectStep(k: PerconaKinds, which: 'backup' | 'restore', name: string, input: ImperativeInput, spec: Record<string, unknown>): PlanStep {
  const kind = k[which]
  return {
    action: 'create',
    target: ref(k.api, kind.kind, kind.resource, name, input.ops.namespace),
    object: { apiVersion: k.api, kind: kind.kind, metadata: { name, namespace: input.ops.namespace, labels: { 'dbaas.io/cluster': input.cluster.metadata.name, 'dbaas.io/ops-request': input.ops.name } }, spec: { [kind.clusterField]: k.name(input.cluster.metadata.name), ...spec } },
    ignoreExisting: true,
  }
}

function pitr(k: PerconaKinds, at: string | undefined): Record<string, unknown> {
  if (at === undefined) return {}
  // PSMDB and PXC take `YYYY-MM-DD HH:MM:SS` (UTC) for point-in-time restores.
  return { pitr: { type: 'date', date: at.replace('T', ' ').replace(/(\.\d+)?Z$/, '') } }
}

function perconaOps(k: PerconaKinds): EngineOps {
  return (input): Steps => {
    const { ops } = input
    const c = input.cluster.metadata.name
    const ns = ops.namespace
    switch (ops.spec.type) {
      case 'Restart':
        return { ok: true, steps: [{ action: 'mergePatch', target: ref('apps/v1', 'StatefulSet', 'statefulsets', k.statefulSet(c), ns), patch: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': input.startTime } } } } } }] }
      case 'RebuildInstance': {
        const pod = ops.spec.rebuildInstance?.instance ?? ''
        return { ok: true, steps: [{ action: 'delete', target: ref('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', k.dataPvc(pod), ns), ignoreNotFound: true }, { action: 'delete', target: ref('v1', 'Pod', 'pods', pod, ns), ignoreNotFound: true }] }
      }
      case 'Backup': {
        const storage = perconaStorageName(input.cluster)
        if (field(input.cluster, 'spec', 'backup') === undefined) return refuse('BackupNotConfigured', `DatabaseCluster ${c} has no spec.backup: configure where backups go first`)
        if (storage === undefined) return refuse('BackupStorageUnknown', `DatabaseCluster ${c} does not report its backup storage yet (status.backup.storageName): wait until it is Ready, or set spec.backup.location`)
        return { ok: true, steps: [objectStep(k, 'backup', ops.spec.backup?.name ?? ops.name, input, { storageName: storage })] }
      }
      case 'Restore':
        return { ok: true, steps: [objectStep(k, 'restore', ops.name, input, { backupName: ops.spec.restore?.backupName ?? '', ...pitr(k, ops.spec.restore?.pointInTime) })] }
      case 'Custom':
        return { ok: true, steps: [{ action: 'mergePatch', target: ref(k.api, k.main.kind, k.main.resource, k.name(c), ns), patch: { metadata: { annotations: ops.spec.custom?.annotations ?? {} } } }] }
      default:
        return refuse('UnsupportedOperation', `${ops.spec.type} is not an imperative operation`)
    }
  }
}

export const mysqlOps = perconaOps(PXC)
export const mongodbOps = perconaOps(PSMDB)
