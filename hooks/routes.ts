/**
 * One route per controller and hook: POST /hooks/<controller>/{sync,finalize,customize}.
 * Each checks the envelope, calls the pure hook, guards the response, and
 * answers 200 only with the complete desired state; anything else is a coded 500.
 */
import type { FastifyInstance } from 'fastify'
import type { CompositeControllerDef, DecoratorControllerDef } from '../providers/controllers.js'
import type { OperatorConfig, ReconcileContext } from '../providers/shared/context.js'
import type { CompositeSyncRequest, CustomizeRequest, DecoratorSyncRequest } from '../providers/shared/kube.js'
import { checkCompositeSync, checkCustomize, checkDecoratorSync } from './contract/envelopes.js'
import { DBAAS_ERR, DbaasError, toErrorReply } from './errors.js'
import type { CallRecorder, HookName, HookRouteConfig } from './hook-call.js'
import { guardComposite, guardCustomize, guardDecorator } from './response-guard.js'

/** Requests carry whole objects with managedFields; 1 MiB (Fastify's default) is not enough. */
export const BODY_LIMIT = 32 * 1024 * 1024

export interface RouteDeps {
  record: CallRecorder
  clock: () => string
  config: OperatorConfig
}

export interface Answer {
  response: object
  /** Children (or attachments) in the answer, for the log line and the metrics. */
  children: number
}

type Handler = (body: unknown, ctx: ReconcileContext) => Answer

function hookRoute(app: FastifyInstance, deps: RouteDeps, controller: string, hook: HookName, handler: Handler): void {
  const config: HookRouteConfig = { controller, hook }
  app.post(`/hooks/${controller}/${hook}`, { bodyLimit: BODY_LIMIT, config }, async (req, reply) => {
    try {
      const { response, children } = handler(req.body, { now: deps.clock(), config: deps.config })
      // Serialized here, without a schema: nothing is stripped, and a response that cannot be serialized is a 500 too.
      const payload = JSON.stringify(response)
      deps.record(req, reply, config, { result: 'ok', children })
      return await reply.code(200).type('application/json; charset=utf-8').send(payload)
    } catch (error: unknown) {
      const { statusCode, body } = toErrorReply(error)
      const stack = body.error === DBAAS_ERR.INTERNAL && error instanceof Error && error.stack !== undefined ? { stack: error.stack } : {}
      deps.record(req, reply, config, { result: 'error', error: body, ...stack })
      return reply.code(statusCode).send(body)
    }
  })
}

function assertEnvelope(body: unknown, check: (b: unknown) => string[]): void {
  const problems = check(body)
  if (problems.length > 0) throw new DbaasError(DBAAS_ERR.ENVELOPE, problems.slice(0, 5).join('; '))
}

/** The whole answer to a composite sync or finalize call; throws when the route must answer 500. */
export function answerCompositeSync(c: CompositeControllerDef, body: unknown, ctx: ReconcileContext): Answer {
  assertEnvelope(body, checkCompositeSync)
  const req = body as CompositeSyncRequest
  const response = c.sync({ ...req, related: req.related ?? {}, finalizing: req.finalizing ?? false }, ctx)
  guardComposite(response)
  return { response, children: response.children.length }
}

export function answerCustomize(customize: NonNullable<CompositeControllerDef['customize']>, body: unknown, ctx: ReconcileContext): Answer {
  assertEnvelope(body, checkCustomize)
  const response = customize(body as CustomizeRequest, ctx)
  guardCustomize(response)
  return { response, children: 0 }
}

export function answerDecoratorSync(d: DecoratorControllerDef, body: unknown, ctx: ReconcileContext): Answer {
  assertEnvelope(body, checkDecoratorSync)
  const req = body as DecoratorSyncRequest
  const response = d.sync({ ...req, related: req.related ?? {}, finalizing: req.finalizing ?? false }, ctx)
  guardDecorator(response)
  return { response, children: response.attachments.length }
}

export function compositeRoutes(app: FastifyInstance, deps: RouteDeps, c: CompositeControllerDef): void {
  const sync: Handler = (body, ctx) => answerCompositeSync(c, body, ctx)
  hookRoute(app, deps, c.name, 'sync', sync)
  hookRoute(app, deps, c.name, 'finalize', sync)
  const customize = c.customize
  if (customize !== undefined) hookRoute(app, deps, c.name, 'customize', (body, ctx) => answerCustomize(customize, body, ctx))
}

export function decoratorRoutes(app: FastifyInstance, deps: RouteDeps, d: DecoratorControllerDef): void {
  const sync: Handler = (body, ctx) => answerDecoratorSync(d, body, ctx)
  hookRoute(app, deps, d.name, 'sync', sync)
  hookRoute(app, deps, d.name, 'finalize', sync)
}
