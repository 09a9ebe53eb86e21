/** The PostgreSQL engine status, from the observed children only. */
import type { ClusterInput, EngineStatus } from '../../database-cluster/engine-provider.js'
import { findCondition } from '../../shared/conditions.js'
import { field, lastApplied, numberField, stringField } from '../../shared/observed.js'
import { pgNames } from '../names.js'
import { observedCluster, observedObjectStore, observedPooler } from '../observed.js'
import { versionOfImage } from '../version.js'
import { backupStatus } from './backup.js'
import { endpoints } from './endpoints.js'
import { instanceRoles } from './instances.js'
import { HEALTHY, isFailedPhase, mapPhase } from './phase.js'

function readiness(input: ClusterInput, status: unknown): { ready: boolean; reason: string; message: string } {
  const { spec } = input.cluster
  if (status === undefined) return { ready: false, reason: 'Creating', message: 'the CloudNativePG Cluster has not reported yet' }
  if (spec.stopped) return { ready: false, reason: 'Stopped', message: 'the cluster is stopped (hibernated) on request' }
  const phase = stringField(status, 'phase')
  const readyInstances = numberField(status, 'readyInstances') ?? 0
  const healthy = findCondition(field(status, 'conditions'), 'Ready')?.status === 'True' || phase === HEALTHY
  if (healthy && readyInstances >= spec.clusterSize) return { ready: true, reason: 'ClusterReady', message: `${readyInstances}/${spec.clusterSize} instances ready` }
  const why = stringField(status, 'phaseReason') ?? phase ?? 'not ready'
  return { ready: false, reason: isFailedPhase(phase) ? 'ClusterFailed' : 'ClusterNotReady', message: `${readyInstances}/${spec.clusterSize} instances ready: ${why}` }
}

export function statusPostgres(input: ClusterInput): EngineStatus {
  const { name, namespace, spec } = input.cluster
  const cluster = observedCluster(input)
  const status = cluster?.status
  const pooler = observedPooler(input)
  const phase = stringField(status, 'phase')
  const hibernated = findCondition(field(status, 'conditions'), 'cnpg.io/hibernation')?.status === 'True'
  const r = readiness(input, status)
  const primary = stringField(status, 'currentPrimary')
  const image = stringField(status, 'image')
  const restoring = cluster !== undefined && field(lastApplied(cluster), 'spec', 'bootstrap', 'recovery') !== undefined
  const mapped = mapPhase({ observed: cluster !== undefined, cnpgPhase: phase, hibernated, stopped: spec.stopped, ready: r.ready, restoring })
  const result: EngineStatus = {
    phase: mapped,
    ready: r.ready,
    readyReason: r.reason,
    readyMessage: r.message,
    progressing: !['Ready', 'Stopped', 'Failed'].includes(mapped),
    endpoints: endpoints({ cluster: name, namespace, clusterObserved: cluster !== undefined, poolerObserved: pooler !== undefined, external: spec.expose?.type === 'external' }),
    backup: backupStatus({
      configured: spec.backup !== undefined,
      storageClassName: spec.backup?.storageClassName,
      serverName: spec.backup?.serverName ?? name,
      clusterStatus: status,
      objectStoreStatus: observedObjectStore(input, pgNames.objectStore(name))?.status,
    }),
  }
  const instances = numberField(status, 'instances')
  const readyInstances = numberField(status, 'readyInstances')
  if (instances !== undefined) result.instances = instances
  if (readyInstances !== undefined) result.readyInstances = readyInstances
  if (primary !== undefined) result.primary = primary
  if (status !== undefined) result.instanceRoles = instanceRoles(status, primary)
  const version = image === undefined ? undefined : versionOfImage(image)
  if (version !== undefined) result.version = version
  if (cluster !== undefined) {
    result.engine = { kind: 'Cluster', name: cluster.metadata.name, ...(phase === undefined ? {} : { phase }), ...(stringField(status, 'phaseReason') === undefined ? {} : { message: stringField(status, 'phaseReason') ?? '' }) }
  }
  if (spec.monitoring?.enabled === true) result.podMonitor = pgNames.podMonitor(name)
  if (spec.dataSource !== undefined) result.dataSource = { applied: cluster !== undefined, source: describeSource(input) }
  return result
}

function describeSource(input: ClusterInput): string {
  const ds = input.cluster.spec.dataSource
  if (ds?.clusterName !== undefined) return `DatabaseCluster ${ds.clusterName}`
  if (ds?.backupName !== undefined) return `backup ${ds.backupName}`
  if (ds?.backupSource !== undefined) return `server ${ds.backupSource.serverName} in DatabaseBackupStorageClass ${ds.backupSource.storageClassName}`
  return 'none'
}
