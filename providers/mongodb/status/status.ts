/**
 * MongoDB status from the PerconaServerMongoDB's own (state, replsets.rs0
 * size/ready/initialized/members, mongoVersion, host, message), the
 * Restore's, and the operator's backup objects. Observed objects only.
 */
import type { ClusterInput, EngineStatus } from '../../database-cluster/engine-provider.js'
import { field, numberField, stringField } from '../../shared/observed.js'
import { REPLSET } from '../names.js'
import { observedPsmdb, psmdbReady } from '../observed.js'
import { restoreState } from '../restore-state.js'
import { backupHealth } from './backup.js'
import { endpoints } from './endpoints.js'
import { memberRoles } from './members.js'
import { type PhaseFacts, phaseOf, readiness } from './phase.js'
import { dataSourceStatus, restoreProgress } from './restore.js'

function facts(input: ClusterInput): PhaseFacts {
  const { spec } = input.cluster
  const psmdb = observedPsmdb(input)
  const status = psmdb?.status
  return {
    observed: psmdb !== undefined,
    state: stringField(status, 'state'),
    message: stringField(status, 'message'),
    operatorReady: psmdbReady(psmdb),
    initialized: field(status, 'replsets', REPLSET, 'initialized') === true,
    readyMembers: numberField(status, 'replsets', REPLSET, 'ready') ?? 0,
    clusterSize: spec.clusterSize,
    stopped: spec.stopped,
    restore: restoreProgress(input, restoreState(input)),
  }
}

/** What the operator reports about the members and the version, where it reports it. */
function members(status: unknown): Pick<EngineStatus, 'instances' | 'readyInstances' | 'instanceRoles' | 'primary' | 'version'> {
  const size = numberField(status, 'replsets', REPLSET, 'size')
  const ready = numberField(status, 'replsets', REPLSET, 'ready')
  const roles = memberRoles(status)
  const primary = roles?.find((m) => m.role === 'primary')?.name
  const version = stringField(status, 'mongoVersion')
  return {
    ...(size === undefined ? {} : { instances: size }),
    ...(ready === undefined ? {} : { readyInstances: ready }),
    ...(roles === undefined ? {} : { instanceRoles: roles }),
    ...(primary === undefined ? {} : { primary }),
    ...(version === undefined ? {} : { version }),
  }
}

export function statusMongo(input: ClusterInput): EngineStatus {
  const { name, namespace, spec } = input.cluster
  const psmdb = observedPsmdb(input)
  const status = psmdb?.status
  const f = facts(input)
  const r = readiness(f)
  const phase = phaseOf(f, r.ready)
  const ds = dataSourceStatus(input, restoreState(input))
  return {
    phase,
    ready: r.ready,
    readyReason: r.reason,
    readyMessage: r.message,
    progressing: !['Ready', 'Stopped', 'Failed'].includes(phase),
    endpoints: endpoints({ cluster: name, namespace, observed: f.observed, sharded: spec.proxy?.enabled === true, external: spec.expose?.type === 'external', host: stringField(status, 'host') }),
    backup: backupHealth(input),
    ...members(status),
    ...(psmdb === undefined ? {} : { engine: { kind: 'PerconaServerMongoDB', name: psmdb.metadata.name, ...(f.state === undefined ? {} : { phase: f.state }), ...(f.message === undefined ? {} : { message: f.message }) } }),
    ...(ds === undefined ? {} : { dataSource: ds }),
  }
}
