/**
 * Deleting a DatabaseCluster: ordered teardown. Front children (proxies,
 * monitors, schedules) go first, then the data, then what the data needed to
 * the end. `finalized` is only answered once nothing is observed any more.
 *
 * `deletionPolicy: Retain` keeps the volumes: engines whose operator keeps
 * them on its own were told so in every sync (finalizers, `deleteClaim`);
 * for an engine whose operator owns them (CloudNativePG), the data step waits
 * until a Job has released them from the operator's cluster. The policy is
 * read leniently: only an explicit `Retain` retains, as the schema default
 * is `Delete`.
 */
import type { DeletionPolicy } from '../../api/database-cluster.js'
import type { ReconcileContext } from '../shared/context.js'
import type { ChildType, CompositeSyncRequest, CompositeSyncResponse, KObject } from '../shared/kube.js'
import { typeKey } from '../shared/kube.js'
import { allObjects, field, lastApplied, stringField } from '../shared/observed.js'
import { computeConditions } from '../shared/conditions.js'
import { LOGICAL_BACKUP_TYPE } from './logical-backup.js'
import { allProviders } from './registry.js'
import { RETAIN_TYPES, RETAINED_FROM_LABEL, type Release, releaseVolumes } from './retain-volumes.js'

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
  return field(parent, 'spec', 'deletionPolicy') === 'Retain' ? 'Retain' : 'Delete'
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
  const kept = observed.filter((c) => (held ? teardownStep(c) >= current : teardownStep(c) > current)).map(lastApplied)
  const added = new Set((release?.children ?? []).map(objectKey))
  const children = [...kept.filter((c) => !added.has(objectKey(c))), ...(release?.children ?? [])]

  const { message, retainedVolumes } = progress(observed, current, release, held, policy, volumes, previous.retainedVolumes)
  const conditions = computeConditions([{ type: 'Ready', status: 'False', reason: release?.state.state === 'failed' && held ? 'RetainFailed' : 'Deleting', message }], previous.conditions, generation, ctx.now)
  return {
    status: { ...previous, observedGeneration: generation, phase: 'Deleting', conditions, ...(retainedVolumes === undefined ? {} : { retainedVolumes }) },
    children,
    finalized: observed.length === 0,
  }
}
