/**
 * The OpsRequest sync hook: the executor stages the operation needs now, and
 * its status. An OpsRequest that cannot be parsed fails at once (it never
 * started, so there is nothing to keep).
 */
import type { OpsRequestStatus } from '../../api/ops-request.js'
import type { ReconcileContext } from '../shared/context.js'
import type { CompositeSyncRequest, CompositeSyncResponse, CustomizeRequest, CustomizeResponse, RelatedResourceRule } from '../shared/kube.js'
import { API_VERSION } from '../../api/crds.js'
import { computeConditions } from '../shared/conditions.js'
import { keepLastApplied } from '../database-cluster/keep-last-applied.js'
import { lifecycle } from './lifecycle.js'
import { parseOps, previousStatus } from './parse.js'
import { computeOpsStatus } from './status.js'
import { secondsUntil } from './timing.js'

function invalid(req: CompositeSyncRequest, errors: string[], ctx: ReconcileContext): CompositeSyncResponse {
  const previous = previousStatus(req.parent)
  const generation = req.parent.metadata.generation ?? 0
  const message = errors.join('; ')
  const conditions = computeConditions([{ type: 'Completed', status: 'True', reason: 'InvalidSpec', message }], previous.conditions, generation, ctx.now)
  const status: OpsRequestStatus = previous.phase === undefined || previous.phase === 'Pending'
    ? { ...previous, observedGeneration: generation, phase: 'Failed', conditions, completionTime: previous.completionTime ?? ctx.now }
    : { ...previous, observedGeneration: generation }
  return { status: status, children: keepLastApplied(req.children) }
}

export function syncOpsRequest(req: CompositeSyncRequest, ctx: ReconcileContext): CompositeSyncResponse {
  const parsed = parseOps(req.parent, ctx.now)
  if (!parsed.ok) return invalid(req, parsed.errors, ctx)
  const ops = parsed.value
  const outcome = lifecycle({ ops, children: req.children, related: req.related, ctx })
  const status = computeOpsStatus(ops, outcome, ctx)
  const response: CompositeSyncResponse = { status: status, children: outcome.children }
  if (outcome.recheckAt !== undefined) response.resyncAfterSeconds = secondsUntil(ctx.now, outcome.recheckAt)
  return response
}

export function customizeOpsRequest(req: CustomizeRequest): CustomizeResponse {
  const spec = typeof req.parent.spec === 'object' && req.parent.spec !== null ? (req.parent.spec as Record<string, unknown>) : {}
  const namespace = req.parent.metadata.namespace ?? ''
  const names = [spec.clusterRef, (spec.restore as Record<string, unknown> | undefined)?.targetClusterName].filter((n): n is string => typeof n === 'string' && n !== '')
  const rules: RelatedResourceRule[] = [{ apiVersion: API_VERSION, resource: 'opsrequests', namespace, labelSelector: {} }]
  if (names.length > 0) rules.unshift({ apiVersion: API_VERSION, resource: 'databaseclusters', namespace, names: [...new Set(names)].sort() })
  return { relatedResources: rules }
}
