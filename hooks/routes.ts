/**
 * One route per controller and hook: POST /hooks/<controller>/{sync,finalize,customize}.
 * Each checks the envelope, calls the pure hook, guards the response, logs
 * one line, counts it, and answers 200 only with the complete desired state.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { CompositeControllerDef, DecoratorControllerDef } from '../providers/controllers.js'
import type { OperatorConfig, ReconcileContext } from '../providers/shared/context.js'
import type { CompositeSyncRequest, CustomizeRequest, DecoratorSyncRequest, KObject } from '../providers/shared/kube.js'
import { checkCompositeSync, checkCustomize, checkDecoratorSync } from './contract/envelopes.js'
import { DBAAS_ERR, EnvelopeError } from './errors.js'
import type { HookMetrics } from './plugins/metrics.js'
import { guardComposite, guardCustomize, guardDecorator } from './response-guard.js'

export interface RouteDeps {
  metrics: HookMetrics
  clock: () => string
  config: OperatorConfig
}

type Handler = (body: unknown, ctx: ReconcileContext) => { response: Record<string, unknown>; parent: KObject | undefined; children: number }

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && code !== '' ? code : DBAAS_ERR.INTERNAL
}

function parentOf(body: unknown): KObject | undefined {
  const b = body as { parent?: KObject; object?: KObject } | null
  return b?.parent ?? b?.object
}

function route(app: FastifyInstance, deps: RouteDeps, controller: string, hook: string, handler: Handler): void {
  app.post(`/hooks/${controller}/${hook}`, async (req: FastifyRequest, reply: FastifyReply) => {
    const started = process.hrtime.bigint()
    const parent = parentOf(req.body)
    const log = req.log.child({ controller, hook, parent: parent === undefined ? undefined : `${parent.metadata.namespace ?? ''}/${parent.metadata.name}`, uid: parent?.metadata.uid, generation: parent?.metadata.generation })
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9
    try {
      const { response, children } = handler(req.body, { now: deps.clock(), config: deps.config })
      deps.metrics.requests.inc({ controller, hook, code: '200' })
      deps.metrics.duration.observe({ controller, hook }, seconds())
      if (hook !== 'customize') deps.metrics.children.observe({ controller }, children)
      log.info({ children, durationMs: Math.round(seconds() * 1000 * 100) / 100, result: 'ok' }, 'hook answered')
      return await reply.code(200).send(response)
    } catch (error: unknown) {
      const code = errorCode(error)
      const message = error instanceof Error ? error.message : String(error)
      deps.metrics.requests.inc({ controller, hook, code: '500' })
      deps.metrics.errors.inc({ controller, hook, code })
      deps.metrics.duration.observe({ controller, hook }, seconds())
      log.error({ durationMs: Math.round(seconds() * 1000 * 100) / 100, result: 'error', code, error: message }, 'hook failed')
      return reply.code(500).send({ error: code, message })
    }
  })
}

function assertEnvelope(body: unknown, check: (b: unknown) => string[]): void {
  const problems = check(body)
  if (problems.length > 0) throw new EnvelopeError(`malformed request: ${problems.slice(0, 5).join('; ')}`)
}

/** The whole answer to a composite sync or finalize call; throws when the route must answer 500. */
export function answerCompositeSync(c: CompositeControllerDef, body: unknown, ctx: ReconcileContext): ReturnType<Handler> {
  assertEnvelope(body, checkCompositeSync)
  const req = body as CompositeSyncRequest
  const request: CompositeSyncRequest = { ...req, related: req.related ?? {}, finalizing: req.finalizing ?? false }
  const response = c.sync(request, ctx)
  guardComposite(response as unknown as Record<string, unknown>)
  return { response: response as unknown as Record<string, unknown>, parent: req.parent, children: response.children.length }
}

export function compositeRoutes(app: FastifyInstance, deps: RouteDeps, c: CompositeControllerDef): void {
  const sync: Handler = (body, ctx) => answerCompositeSync(c, body, ctx)
  route(app, deps, c.name, 'sync', sync)
  route(app, deps, c.name, 'finalize', sync)
  const customize = c.customize
  if (customize !== undefined) {
    route(app, deps, c.name, 'customize', (body, ctx) => {
      assertEnvelope(body, checkCustomize)
      const req = body as CustomizeRequest
      const response = customize(req, ctx)
      guardCustomize(response as unknown as Record<string, unknown>)
      return { response: response as unknown as Record<string, unknown>, parent: req.parent, children: 0 }
    })
  }
}

export function decoratorRoutes(app: FastifyInstance, deps: RouteDeps, d: DecoratorControllerDef): void {
  const sync: Handler = (body, ctx) => {
    assertEnvelope(body, checkDecoratorSync)
    const req = body as DecoratorSyncRequest
    const response = d.sync({ ...req, related: req.related ?? {}, finalizing: req.finalizing ?? false }, ctx)
    guardDecorator(response as unknown as Record<string, unknown>)
    return { response: response as unknown as Record<string, unknown>, parent: req.object, children: response.attachments.length }
  }
  route(app, deps, d.name, 'sync', sync)
  route(app, deps, d.name, 'finalize', sync)
}
