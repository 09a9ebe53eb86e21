/**
 * The DatabaseCluster sync hook: parent + observed children + related objects
 * → the complete desired set of children and the status.
 */
import type { DatabaseClusterStatus } from '../../api/database-cluster.js'
import type { ReconcileContext } from '../shared/context.js'
import type { CompositeSyncRequest, CompositeSyncResponse, ObjectMap } from '../shared/kube.js'
import { allObjects } from '../shared/observed.js'
import { LABEL_ENGINE } from '../shared/labels.js'
import type { ClusterInput, EngineProvider, SpecProblem } from './engine-provider.js'
import { contextFor } from './enabled.js'
import { finalizeDatabaseCluster } from './finalize.js'
import { keepLastApplied } from './keep-last-applied.js'
import { buildLogicalBackup, logicalBackupStatuses } from './logical-backup.js'
import { operationQueue } from './operations.js'
import { parseCluster } from './parse.js'
import { providerFor } from './registry.js'
import { computeBlockedStatus, computeStatus } from './status.js'

function previousStatus(req: CompositeSyncRequest): Record<string, unknown> {
  const status = req.parent.status
  return typeof status === 'object' && status !== null && !Array.isArray(status) ? (status as Record<string, unknown>) : {}
}

function blocked(req: CompositeSyncRequest, problems: SpecProblem[], phase: 'Invalid' | 'Pending', ctx: ReconcileContext): CompositeSyncResponse {
  const generation = typeof req.parent.metadata.generation === 'number' ? req.parent.metadata.generation : 0
  return {
    status: computeBlockedStatus(previousStatus(req), generation, problems, phase, ctx),
    children: keepLastApplied(req.children),
  }
}

/** The common case (no child of another engine) without sorting every child. */
function hasForeignChild(children: ObjectMap, engine: string): boolean {
  for (const type in children) {
    const byKey = children[type]
    if (byKey === undefined) continue
    for (const key in byKey) {
      const label = byKey[key]?.metadata.labels?.[LABEL_ENGINE]
      if (label !== undefined && label !== engine) return true
    }
  }
  return false
}

/** Children that belong to another engine mean the engine was changed behind the immutability rule. */
function engineProblems(input: ClusterInput): SpecProblem[] {
  const { engine } = input.cluster.spec
  if (!hasForeignChild(input.children, engine)) return []
  const foreign = allObjects(input.children).filter((c) => {
    const label = c.metadata.labels?.[LABEL_ENGINE]
    return label !== undefined && label !== engine
  })
  if (foreign.length === 0) return []
  const names = foreign.map((c) => `${c.kind} ${c.metadata.name}`).join(', ')
  return [{ reason: 'EngineChanged', message: `engine cannot change: ${names} belong to another engine; create a new DatabaseCluster instead` }]
}

function availability(engine: string, provider: EngineProvider | undefined, ctx: ReconcileContext): SpecProblem[] {
  if (provider === undefined || !ctx.config.engines.some((e) => e === engine)) {
    return [{ reason: 'EngineNotInstalled', message: `engine ${engine} is not enabled in this installation (enabled: ${ctx.config.engines.join(', ')})` }]
  }
  return []
}

export function syncDatabaseCluster(req: CompositeSyncRequest, base: ReconcileContext): CompositeSyncResponse {
  if (req.finalizing) return finalizeDatabaseCluster(req, base)
  const ctx = contextFor(req.controller, base)
  const parsed = parseCluster(req.parent)
  if (!parsed.ok) return blocked(req, [{ reason: 'InvalidSpec', message: parsed.errors.join('; ') }], 'Invalid', ctx)
  const input: ClusterInput = { cluster: parsed.value, children: req.children, related: req.related, ctx }
  const provider = providerFor(input.cluster.spec.engine)
  const unavailable = [...engineProblems(input), ...availability(input.cluster.spec.engine, provider, ctx)]
  if (provider === undefined || unavailable.length > 0) return blocked(req, unavailable, 'Invalid', ctx)
  const problems = provider.validate(input)
  if (problems.length > 0) return blocked(req, problems, 'Pending', ctx)
  const logical = buildLogicalBackup(input.cluster)
  const children = [...provider.desired(input), ...(logical === undefined ? [] : [logical])]
  const status: DatabaseClusterStatus = computeStatus(input.cluster, provider.status(input), logicalBackupStatuses(input.cluster, req.children, req.related), ctx)
  const queue = operationQueue(input.cluster, req.related)
  if (queue.length > 0) status.operations = queue
  return { status, children }
}
