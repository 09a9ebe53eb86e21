/**
 * MySQL status from the PerconaXtraDBCluster's own (pxc_types.go): state
 * initializing | paused | stopping | ready | error; per-component
 * size/ready/status/message/version; host of the proxy.
 */
import type { BackupStatus, Endpoint, Phase } from '../../api/database-cluster.js'
import { findCondition } from '../shared/conditions.js'
import { PXC_API } from './child-types.js'
import { PXC_BACKUP_KIND } from './restore-source.js'
import type { ClusterInput, EngineStatus } from '../database-cluster/engine-provider.js'
import { field, numberField, objectsOf, stringField } from '../shared/observed.js'
import { observedRestore, restoreRecorded } from './desired.js'
import { mysqlNames } from './names.js'
import { observedPxc } from './resolve.js'

const PORT = 3306

function endpoints(input: ClusterInput, observed: boolean): Endpoint[] {
  if (!observed) return []
  const { name, namespace, spec } = input.cluster
  const host = (svc: string) => `${svc}.${namespace}.svc`
  const secretName = mysqlNames.secrets(name)
  if (spec.proxy?.enabled !== true) return [{ name: 'nodes', role: 'any', host: host(mysqlNames.pxc(name)), port: PORT, secretName }]
  if (spec.proxy.type === 'proxysql') return [{ name: 'proxysql', role: 'pooler', host: host(mysqlNames.proxysql(name)), port: PORT, secretName }]
  return [
    { name: 'rw', role: 'primary', host: host(mysqlNames.haproxy(name)), port: PORT, secretName },
    { name: 'ro', role: 'replica', host: host(mysqlNames.haproxyReplicas(name)), port: PORT, secretName },
  ]
}

function phaseOf(state: string | undefined, stopped: boolean, restoring: boolean, ready: boolean): Phase {
  if (stopped) return state === 'paused' ? 'Stopped' : 'Stopping'
  if (state === 'error') return 'Failed'
  if (restoring) return 'Restoring'
  if (ready) return 'Ready'
  if (state === undefined || state === '' || state === 'initializing') return 'Creating'
  return 'Updating'
}

function restoreState(input: ClusterInput): { restoring: boolean; failed?: string } {
  const restore = observedRestore(input)
  const state = stringField(restore, 'status', 'state')
  if (restore !== undefined && state === 'Failed') return { restoring: false, failed: stringField(restore, 'status', 'comments') ?? 'the restore failed' }
  if (restore !== undefined) return { restoring: state !== 'Succeeded' }
  return { restoring: input.cluster.spec.dataSource !== undefined && !restoreRecorded(input) }
}

/** Backup health from the operator's backup objects of this cluster (scheduled and on-demand alike). */
function backupHealth(input: ClusterInput): BackupStatus {
  const { spec, name } = input.cluster
  if (spec.backup === undefined) return { configured: false }
  const mine = objectsOf(input.related, PXC_API, PXC_BACKUP_KIND).filter((b) => stringField(b, 'spec', 'pxcCluster') === name)
  const newest = (state: string) => mine.filter((b) => stringField(b, 'status', 'state') === state).map((b) => stringField(b, 'status', 'completed') ?? stringField(b, 'metadata', 'creationTimestamp') ?? '').filter((t) => t !== '').sort().pop()
  const ok = newest('Succeeded')
  const failed = newest('Failed')
  const pitr = mine.map((b) => findCondition(field(b, 'status', 'conditions'), 'PITRReady')).find((c) => c?.status === 'False')
  return {
    configured: true,
    storageClassName: spec.backup.storageClassName,
    ...(ok === undefined ? {} : { lastSuccessfulBackup: ok }),
    ...(failed === undefined ? {} : { lastFailedBackup: failed }),
    ...(spec.backup.pointInTimeRecovery ? { continuousArchiving: pitr === undefined ? 'True' : 'False' } : {}),
    ...(pitr === undefined ? {} : { message: `binlog archiving: ${typeof pitr.message === 'string' ? pitr.message : 'not ready'}` }),
  }
}

export function statusMysql(input: ClusterInput): EngineStatus {
  const { spec, name } = input.cluster
  const pxc = observedPxc(input)
  const status = pxc?.status
  const state = stringField(status, 'state')
  const size = numberField(status, 'pxc', 'size')
  const readyNodes = numberField(status, 'pxc', 'ready')
  const ready = !spec.stopped && state === 'ready' && (readyNodes ?? 0) >= spec.clusterSize
  const restore = restoreState(input)
  const phase = phaseOf(state, spec.stopped, restore.restoring && pxc !== undefined, ready && !restore.restoring)
  const messages = field(status, 'message')
  const why = Array.isArray(messages) && messages.length > 0 ? messages.map(String).join('; ') : (state ?? 'no status yet')
  const result: EngineStatus = {
    phase: restore.failed !== undefined ? 'Failed' : phase,
    ready: phase === 'Ready' && restore.failed === undefined,
    readyReason: restore.failed !== undefined ? 'RestoreFailed' : phase === 'Ready' ? 'ClusterReady' : spec.stopped ? 'Stopped' : state === 'error' ? 'ClusterFailed' : 'ClusterNotReady',
    readyMessage: restore.failed ?? `${readyNodes ?? 0}/${spec.clusterSize} nodes ready: ${why}`,
    progressing: !['Ready', 'Stopped', 'Failed'].includes(phase),
    endpoints: endpoints(input, pxc !== undefined),
    backup: backupHealth(input),
  }
  if (size !== undefined) result.instances = size
  if (readyNodes !== undefined) result.readyInstances = readyNodes
  const version = stringField(status, 'pxc', 'version')
  if (version !== undefined) result.version = version
  if (pxc !== undefined) result.engine = { kind: 'PerconaXtraDBCluster', name: pxc.metadata.name, ...(state === undefined ? {} : { phase: state }), ...(Array.isArray(messages) && messages.length > 0 ? { message: why } : {}) }
  if (spec.dataSource !== undefined) result.dataSource = { applied: restoreRecorded(input) || observedRestore(input) !== undefined, source: `${name}: restore in place` }
  return result
}
