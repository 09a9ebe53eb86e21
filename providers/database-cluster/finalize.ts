/**
 * Deleting a DatabaseCluster: ordered teardown. Front children (proxies,
 * monitors, schedules) go first, then the data, then what the data needed to
 * the end. `finalized` is only answered once nothing is observed any more.
 *
 * `deletionPolicy: Retain` keeps the volumes: engines whose operator keeps
 * them on its own were told so in every sync (finalizers, `deleteClaim`);
 * for an engine whose operator owns them (CloudNativePG), the data step waits
 * until a Job has released them from the operator's cluster. The policy is
 * read leniently: only an explicit `Retain` retains and only an explicit
 * `WipeOut` wipes, as the schema default is `Delete`.
 *
 * `deletionPolicy: WipeOut` adds a last step once the data is gone: a Job
 * empties the cluster's backup folders and deletes the engine's backup
 * objects (wipe-out/). `finalized` waits for it; while anything else uses
 * those folders, it waits and says why.
 */
import type { DeletionPolicy } from '../../api/database-cluster.js'
import type { ReconcileContext } from '../shared/context.js'
import type { ChildType, CompositeSyncRequest, CompositeSyncResponse, KObject } from '../shared/kube.js'
import { typeKey } from '../shared/kube.js'
import { allObjects, field, lastApplied, stringField } from '../shared/observed.js'
import { computeConditions } from '../shared/conditions.js'
import { LOGICAL_BACKUP_TYPE } from './logical-backup.js'
import type { EngineProvider } from './engine-provider.js'
import { parseCluster } from './parse.js'
import { allProviders } from './registry.js'
import { RETAIN_TYPES, RETAINED_FROM_LABEL, type Release, releaseVolumes } from './retain-volumes.js'
import { type Wipe, wipeOut } from './wipe-out/wipe-out.js'

const TEARDOWN = new Map<string, ChildType['teardown']>(
  [...allProviders().flatMap((p) => p.childTypes), LOGICAL_BACKUP_TYPE, ...RETAIN_TYPES].map((t) => [typeKey(t.apiVersion, t.kind), t.teardown]),
)

function teardownStep(child: KObject): number {
  return TEARDOWN.get(typeKey(child.apiVersion, child.kind)) ?? 1
}

function objectKey(o: KObject): string {
  return `${typeKey(o.apiVersion, o.kind)}/${o.metadata.name}`
}

function policyOf(parent: KObject): DeletionPolicy {
  const policy = field(parent, 'spec', 'deletionPolicy')
  return policy === 'Retain' || policy === 'WipeOut' ? policy : 'Delete'
}

/**
 * The wipe, once nothing holding data is observed and until it is recorded
 * as done in status; undefined otherwise.
 */
function wipeStep(req: CompositeSyncRequest, provider: EngineProvider | undefined, observed: readonly KObject[], previous: Record<string, unknown>, ctx: ReconcileContext): Wipe | undefined {
  if (Array.isArray(previous.wipedBackups) || observed.some((c) => teardownStep(c) < 3)) return undefined
  let parsed: ReturnType<typeof parseCluster>
  try {
    parsed = parseCluster(req.parent)
  } catch (error: unknown) {
    parsed = { ok: false, errors: [error instanceof Error ? error.message : String(error)] }
  }
  if (!parsed.ok) {
    return { children: [], state: { state: 'blocked', reason: 'WipeOutInvalid', message: `cannot read the spec to find the backups (${parsed.errors.join('; ')}); fix it, or set deletionPolicy: Delete to keep the backups and finish deleting` } }
  }
  return wipeOut(parsed.value, provider, req.children, req.related, ctx) ?? { children: [], state: { state: 'done', wiped: [] } }
}

interface WipeOutcome {
  /** The wipe's children while it runs. */
  children: KObject[]
  /** Why finalize waits; undefined when it need not. */
  waiting?: { reason: string; message: string }
  status: { wipedBackups?: string[] }
  resyncAfterSeconds?: number
}

const WIPE_REASONS = { waiting: 'WaitingToWipe', running: 'WipingBackups', failed: 'WipeFailed' } as const

/**
 * A finished wipe is recorded in status while its Job is still answered, and
 * the Job goes only once the record is observed: a lost status write then
 * finds the finished Job again instead of starting another.
 */
function wipeOutcome(wipe: Wipe | undefined): WipeOutcome {
  if (wipe === undefined) return { children: [], status: {} }
  const { state } = wipe
  if (state.state === 'done') return { children: wipe.children, status: { wipedBackups: state.wiped } }
  const reason = state.state === 'blocked' ? state.reason : WIPE_REASONS[state.state]
  const waiting = { reason, message: `deletionPolicy WipeOut: ${state.message}` }
  const resync = state.state === 'blocked' ? 60 : state.state === 'waiting' ? 30 : undefined
  return { children: wipe.children, waiting, status: {}, ...(resync === undefined ? {} : { resyncAfterSeconds: resync }) }
}

function describe(children: readonly KObject[]): string {
  return children.map((c) => `${c.kind} ${c.metadata.name}`).join(', ')
}

interface Progress {
  message: string
  retainedVolumes?: string[]
}

function progress(observed: readonly KObject[], current: number, release: Release | undefined, held: boolean, policy: DeletionPolicy, volumes: readonly string[], previous: unknown): Progress {
  const kept = volumes.length > 0 ? [...volumes] : Array.isArray(previous) ? previous.filter((v): v is string => typeof v === 'string') : []
  const retained = policy === 'Retain' && kept.length > 0 ? { retainedVolumes: kept } : {}
  if (observed.length === 0) {
    const note = policy === 'Retain' ? `; volumes kept with label ${RETAINED_FROM_LABEL}` : ''
    return { message: `every child is gone${note}`, ...retained }
  }
  if (held && release !== undefined) {
    const why = release.state.state === 'failed' ? release.state.message : `waiting for Job ${release.children.find((c) => c.kind === 'Job')?.metadata.name ?? ''} to release ${volumes.length} volume(s) from the engine's cluster`
    return { message: `deletionPolicy Retain: ${why}; nothing holding data is deleted until then`, ...retained }
  }
  const now = observed.filter((c) => teardownStep(c) === current)
  const more = observed.filter((c) => teardownStep(c) > current).length
  return { message: `removing ${describe(now)} (step ${current} of 3); ${more} more to go`, ...retained }
}

export function finalizeDatabaseCluster(req: CompositeSyncRequest, ctx: ReconcileContext): CompositeSyncResponse {
  const observed = allObjects(req.children)
  const previous = typeof req.parent.status === 'object' && req.parent.status !== null ? (req.parent.status as Record<string, unknown>) : {}
  const generation = typeof req.parent.metadata.generation === 'number' ? req.parent.metadata.generation : 0
  const policy = policyOf(req.parent)
  const engine = stringField(req.parent, 'spec', 'engine')
  const provider = allProviders().find((p) => p.engine === engine)
  const parent = { name: req.parent.metadata.name, namespace: req.parent.metadata.namespace ?? '', uid: req.parent.metadata.uid ?? '' }
  const volumes = policy === 'Retain' && provider?.ownedVolumes !== undefined ? provider.ownedVolumes(req.children, parent) : []
  const release = engine === undefined ? undefined : releaseVolumes(parent, engine, volumes, req.children, ctx)

  const current = observed.length === 0 ? 0 : Math.min(...observed.map(teardownStep))
  const held = release !== undefined && release.state.state !== 'done' && current >= 2
  const wipe = wipeOutcome(policy === 'WipeOut' ? wipeStep(req, provider, observed, previous, ctx) : undefined)
  const kept = observed.filter((c) => (held ? teardownStep(c) >= current : teardownStep(c) > current)).map(lastApplied)
  const extra = [...(release?.children ?? []), ...wipe.children]
  const added = new Set(extra.map(objectKey))
  const children = [...kept.filter((c) => !added.has(objectKey(c))), ...extra]

  const { message, retainedVolumes } = progress(observed, current, release, held, policy, volumes, previous.retainedVolumes)
  const ready = wipe.waiting ?? { reason: release?.state.state === 'failed' && held ? 'RetainFailed' : 'Deleting', message }
  const conditions = computeConditions([{ type: 'Ready', status: 'False', ...ready }], previous.conditions, generation, ctx.now)
  return {
    status: { ...previous, observedGeneration: generation, phase: 'Deleting', conditions, ...(retainedVolumes === undefined ? {} : { retainedVolumes }), ...wipe.status },
    children,
    finalized: observed.length === 0 && wipe.waiting === undefined,
    ...(wipe.resyncAfterSeconds === undefined ? {} : { resyncAfterSeconds: wipe.resyncAfterSeconds }),
  }
}
