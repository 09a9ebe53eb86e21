/**
 * One hook call, seen from outside: which controller and hook it was, whom it
 * was about, and how it ended. Every call is counted and logged exactly once,
 * on one line, whether a handler answered or Fastify refused the body first.
 * Bodies are never logged: they carry Secrets.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ErrorBody } from './errors.js'
import type { HookMetrics } from './plugins/metrics.js'

export type HookName = 'sync' | 'finalize' | 'customize'

/** Set as the route's config on every hook route. */
export interface HookRouteConfig {
  controller: string
  hook: HookName
}

export type CallOutcome = { result: 'ok'; children: number } | { result: 'error'; error: ErrorBody; stack?: string }

export type CallRecorder = (req: FastifyRequest, reply: FastifyReply, hook: HookRouteConfig, outcome: CallOutcome) => void

export function hookOf(req: FastifyRequest): HookRouteConfig | undefined {
  const config = req.routeOptions.config as Partial<HookRouteConfig> | undefined
  return typeof config?.controller === 'string' && typeof config.hook === 'string' ? { controller: config.controller, hook: config.hook } : undefined
}

interface Meta {
  namespace?: unknown
  name?: unknown
  uid?: unknown
  generation?: unknown
}

/** The parent (or decorated object) the call is about, as far as the body says. */
function subject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null) return {}
  const b = body as { parent?: { metadata?: Meta }; object?: { metadata?: Meta } }
  const meta = (b.parent ?? b.object)?.metadata
  if (typeof meta !== 'object' || meta === null) return {}
  const fields: Record<string, unknown> = {}
  if (typeof meta.name === 'string') fields.parent = `${typeof meta.namespace === 'string' ? meta.namespace : ''}/${meta.name}`
  if (typeof meta.uid === 'string') fields.uid = meta.uid
  if (typeof meta.generation === 'number') fields.generation = meta.generation
  return fields
}

export function callRecorder(metrics: HookMetrics): CallRecorder {
  return (req, reply, { controller, hook }, outcome) => {
    const durationMs = Math.round(reply.elapsedTime * 100) / 100
    metrics.duration.observe({ controller, hook }, durationMs / 1000)
    const line = { controller, hook, ...subject(req.body), durationMs }
    if (outcome.result === 'ok') {
      metrics.requests.inc({ controller, hook, code: '200' })
      if (hook !== 'customize') metrics.children.observe({ controller }, outcome.children)
      req.log.info({ ...line, children: outcome.children, result: 'ok' }, 'hook answered')
      return
    }
    metrics.requests.inc({ controller, hook, code: '500' })
    metrics.errors.inc({ controller, hook, code: outcome.error.error })
    const stack = outcome.stack === undefined ? {} : { stack: outcome.stack }
    req.log.error({ ...line, result: 'error', error: { code: outcome.error.error, message: outcome.error.message, ...stack } }, 'hook failed')
  }
}
