/**
 * MongoDB status from the PerconaServerMongoDB's own (psmdb_types.go): state
 * initializing | stopping | paused | ready | error; replsets.rs0
 * size/ready/members; mongos; host; mongoVersion; and backup health from the
 * operator's backup objects.
 */
import type { BackupStatus, Endpoint, InstanceStatus, Phase } from '../../api/database-cluster.js'
import type { ClusterInput, EngineStatus } from '../database-cluster/engine-provider.js'
import { field, numberField, objectsOf, stringField } from '../shared/observed.js'
import { PSMDB_API } from './child-types.js'
import { observedRestore, restoreRecorded } from './desired.js'
import { REPLSET, mongoNames } from './names.js'
import { observedPsmdb } from './resolve.js'
import { PSMDB_BACKUP_KIND } from './restore-source.js'

const PORT = 27017

function endpoints(input: ClusterInput, observed: boolean): Endpoint[] {
  if (!observed) return []
  const { name, namespace, spec } = input.cluster
  const secretName = mongoNames.users(name)
  if (spec.proxy?.enabled === true) return [{ name: 'mongos', role: 'pooler', host: `${mongoNames.mongos(name)}.${namespace}.svc`, port: PORT, secretName }]
  return [{ name: 'replset', role: 'primary', host: `${mongoNames.replset(name)}.${namespace}.svc`, port: PORT, secretName }]
}

/** Members of rs0 with their roles, when the operator reports them. */
function members(status: unknown): InstanceStatus[] | undefined {
  const list = field(status, 'replsets', REPLSET, 'members')
  if (typeof list !== 'object' || list === null) return undefined
  return Object.entries(list as Record<string, unknown>)
    .map(([pod, m]): InstanceStatus => {
      const state = stringField(m, 'stateStr') ?? stringField(m, 'state') ?? ''
      return { name: pod, role: state.toUpperCase() === 'PRIMARY' ? 'primary' : 'replica', state: ['PRIMARY', 'SECONDARY'].includes(state.toUpperCase()) ? 'healthy' : 'unknown' }
    })
    .sort((a, b) => a.name.localeCompare(b.name))
}

function backupHealth(input: ClusterInput): BackupStatus {
  const { spec, name } = input.cluster
  if (spec.backup === undefined) return { configured: false }
  const mine = objectsOf(input.related, PSMDB_API, PSMDB_BACKUP_KIND).filter((b) => stringField(b, 'spec', 'clusterName') === name)
  const newest = (state: string) => mine.filter((b) => stringField(b, 'status', 'state') === state).map((b) => stringField(b, 'status', 'completed') ?? stringField(b, 'status', 'lastTransition') ?? '').filter((t) => t !== '').sort().pop()
  const ok = newest('ready')
  const failed = newest('error')
  const result: BackupStatus = { configured: true, storageClassName: spec.backup.storageClassName }
  if (ok !== undefined) result.lastSuccessfulBackup = ok
  if (failed !== undefined) result.lastFailedBackup = failed
  return result
}

function phaseOf(state: string | undefined, stopped: boolean, restoring: boolean, ready: boolean): Phase {
  if (stopped) return state === 'paused' ? 'Stopped' : 'Stopping'
  if (state === 'error') return 'Failed'
  if (restoring) return 'Restoring'
  if (ready) return 'Ready'
  if (state === undefined || state === '' || state === 'initializing') return 'Creating'
  return 'Updating'
}

export function statusMongo(input: ClusterInput): EngineStatus {
  const { spec } = input.cluster
  const psmdb = observedPsmdb(input)
  const status = psmdb?.status
  const state = stringField(status, 'state')
  const size = numberField(status, 'replsets', REPLSET, 'size')
  const readyMembers = numberField(status, 'replsets', REPLSET, 'ready')
  const restore = observedRestore(input)
  const restoreState = stringField(restore, 'status', 'state')
  const restoreFailed = restoreState === 'error' || restoreState === 'rejected' ? (stringField(restore, 'status', 'error') ?? `the restore is ${restoreState}`) : undefined
  const restoring = psmdb !== undefined && spec.dataSource !== undefined && restoreState !== 'ready' && !(restore === undefined && restoreRecorded(input))
  const ready = !spec.stopped && state === 'ready' && (readyMembers ?? 0) >= spec.clusterSize
  const phase = restoreFailed !== undefined ? 'Failed' : phaseOf(state, spec.stopped, restoring, ready)
  const message = stringField(status, 'message') ?? state ?? 'no status yet'
  const result: EngineStatus = {
    phase,
    ready: phase === 'Ready',
    readyReason: restoreFailed !== undefined ? 'RestoreFailed' : phase === 'Ready' ? 'ClusterReady' : spec.stopped ? 'Stopped' : state === 'error' ? 'ClusterFailed' : 'ClusterNotReady',
    readyMessage: restoreFailed ?? `${readyMembers ?? 0}/${spec.clusterSize} members ready: ${message}`,
    progressing: !['Ready', 'Stopped', 'Failed'].includes(phase),
    endpoints: endpoints(input, psmdb !== undefined),
    backup: backupHealth(input),
  }
  if (size !== undefined) result.instances = size
  if (readyMembers !== undefined) result.readyInstances = readyMembers
  const roles = members(status)
  if (roles !== undefined) {
    result.instanceRoles = roles
    const primary = roles.find((r) => r.role === 'primary')
    if (primary !== undefined) result.primary = primary.name
  }
  const version = stringField(status, 'mongoVersion')
  if (version !== undefined) result.version = version
  if (psmdb !== undefined) result.engine = { kind: 'PerconaServerMongoDB', name: psmdb.metadata.name, ...(state === undefined ? {} : { phase: state }), ...(stringField(status, 'message') === undefined ? {} : { message }) }
  if (spec.dataSource !== undefined) result.dataSource = { applied: restoreRecorded(input) || restore !== undefined, source: 'restore in place' }
  return result
}
