/** The MySQL engine status, from the observed children and the operator's backup objects only. */
import { withStorageName } from '../../percona/main-storage.js'
import type { ClusterInput, EngineStatus } from '../../database-cluster/engine-provider.js'
import type { KObject } from '../../shared/kube.js'
import { field, numberField, stringField } from '../../shared/observed.js'
import { backupsOfCluster } from '../backups.js'
import { mysqlNames } from '../names.js'
import { observedPxc, pxcIsReady } from '../observed.js'
import { proxyKind } from '../proxy-kind.js'
import { backupStatus } from './backup.js'
import { endpoints } from './endpoints.js'
import { SETTLED, mapPhase } from './phase.js'
import { type RestoreFacts, restoreFacts } from './restore.js'

interface Readiness {
  ready: boolean
  reason: string
  message: string
}

type Reported = Pick<EngineStatus, 'instances' | 'readyInstances' | 'version' | 'engine'>

/** The operator's explanation: its `status.message` lines (`pxc: …`, `Error: …`), joined, outer spaces trimmed. */
function operatorMessage(status: unknown): string | undefined {
  const lines = field(status, 'message')
  if (!Array.isArray(lines)) return undefined
  const text = lines
    .filter((l): l is string => typeof l === 'string')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('; ')
  return text === '' ? undefined : text
}

function wasReady(status: unknown): boolean {
  const history = field(status, 'conditions')
  return Array.isArray(history) && history.some((c: unknown) => field(c, 'type') === 'ready')
}

/** Ready: every node and every proxy up, for the spec the operator has seen. */
function clusterReady(input: ClusterInput, pxc: KObject | undefined): boolean {
  const { spec } = input.cluster
  if (pxc === undefined || spec.stopped || !pxcIsReady(pxc, spec.clusterSize)) return false
  const seen = numberField(pxc, 'status', 'observedGeneration')
  const generation = pxc.metadata.generation
  if (seen !== undefined && typeof generation === 'number' && seen < generation) return false
  const kind = proxyKind(spec)
  return kind === undefined || (numberField(pxc, 'status', kind, 'ready') ?? 0) >= (spec.proxy?.replicas ?? 2)
}

function counts(input: ClusterInput, status: unknown): string {
  const { spec } = input.cluster
  const kind = proxyKind(spec)
  const nodes = `${numberField(status, 'pxc', 'ready') ?? 0}/${spec.clusterSize} nodes ready`
  return kind === undefined ? nodes : `${nodes}, ${kind} ${numberField(status, kind, 'ready') ?? 0}/${spec.proxy?.replicas ?? 2}`
}

/** Why the cluster cannot be ready whatever the operator says: failed restore, stop, not created, restoring. */
function blocked(input: ClusterInput, pxc: KObject | undefined, restore: RestoreFacts): Readiness | undefined {
  if (restore.view === 'failed') return { ready: false, reason: 'RestoreFailed', message: `the restore failed: ${restore.comments ?? 'no reason given'}` }
  if (input.cluster.spec.stopped) return { ready: false, reason: 'Stopped', message: 'the cluster is stopped (paused) on request' }
  if (pxc === undefined) return { ready: false, reason: 'Creating', message: 'the PerconaXtraDBCluster has not been created yet' }
  if (restore.view === 'waiting') return { ready: false, reason: 'Restoring', message: `waiting for the cluster to be ready before restoring (${counts(input, pxc.status)})` }
  if (restore.view === 'running') {
    const state = restore.state === undefined || restore.state === '' ? 'requested, not started yet' : restore.state
    return { ready: false, reason: 'Restoring', message: `restore ${mysqlNames.restore(input.cluster.name)}: ${state}` }
  }
  return undefined
}

function readiness(input: ClusterInput, pxc: KObject | undefined, ready: boolean, restore: RestoreFacts): Readiness {
  const early = blocked(input, pxc, restore)
  if (early !== undefined) return early
  const status = pxc?.status
  const state = stringField(status, 'state')
  const why = operatorMessage(status) ?? (state === undefined || state === '' ? 'no state reported yet' : `state ${state}`)
  if (state === 'error') return { ready: false, reason: 'ClusterFailed', message: `${counts(input, status)}: ${why}` }
  if (ready) return { ready: true, reason: 'ClusterReady', message: counts(input, status) }
  return { ready: false, reason: 'ClusterNotReady', message: `${counts(input, status)}: ${why}` }
}

/** What the operator reports about its nodes and itself, where it reports it. */
function reported(pxc: KObject | undefined): Reported {
  const status = pxc?.status
  const result: Reported = {}
  const instances = numberField(status, 'pxc', 'size')
  const readyInstances = numberField(status, 'pxc', 'ready')
  const version = stringField(status, 'pxc', 'version')
  if (instances !== undefined) result.instances = instances
  if (readyInstances !== undefined) result.readyInstances = readyInstances
  if (version !== undefined && version !== '') result.version = version
  if (pxc === undefined) return result
  const state = stringField(status, 'state')
  const message = operatorMessage(status)
  result.engine = { kind: 'PerconaXtraDBCluster', name: pxc.metadata.name, ...(state === undefined || state === '' ? {} : { phase: state }), ...(message === undefined ? {} : { message }) }
  return result
}

export function statusMysql(input: ClusterInput): EngineStatus {
  const { name, namespace, spec } = input.cluster
  const pxc = observedPxc(input)
  const state = stringField(pxc?.status, 'state')
  const restore = restoreFacts(input)
  const phase = mapPhase({ observed: pxc !== undefined, state, stopped: spec.stopped, ready: clusterReady(input, pxc), restore: restore.view, wasReady: wasReady(pxc?.status) })
  const r = readiness(input, pxc, phase === 'Ready', restore)
  return {
    ...reported(pxc),
    phase,
    ready: r.ready,
    readyReason: r.reason,
    readyMessage: r.message,
    progressing: !SETTLED.includes(phase),
    endpoints: endpoints({ cluster: name, namespace, observed: pxc !== undefined, proxy: proxyKind(spec), external: spec.expose?.type === 'external', host: stringField(pxc?.status, 'host') }),
    backup: withStorageName(
      backupStatus({
        configured: spec.backup !== undefined,
        storageClassName: spec.backup?.storageClassName,
        pointInTimeRecovery: spec.backup?.pointInTimeRecovery === true,
        backups: backupsOfCluster(input.related, mysqlNames.pxc(name), namespace),
      }),
      pxc,
    ),
    ...(restore.dataSource === undefined ? {} : { dataSource: restore.dataSource }),
  }
}
