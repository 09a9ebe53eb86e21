/**
 * The hook server, built by a function and never listening here (server.ts
 * listens). It needs no Kubernetes API access: everything arrives in the
 * request bodies Metacontroller sends.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify'
import { Registry } from 'prom-client'
import { CONTROLLERS, DECORATORS, type CompositeControllerDef, type DecoratorControllerDef } from '../providers/controllers.js'
import type { OperatorConfig } from '../providers/shared/context.js'
import { DBAAS_ERR } from './errors.js'
import { type Readiness, healthRoutes } from './plugins/health.js'
import { createMetrics, metricsRoute } from './plugins/metrics.js'
import { compositeRoutes, decoratorRoutes } from './routes.js'

/** Requests carry whole objects with managedFields; 1 MiB (Fastify's default) is not enough. */
export const BODY_LIMIT = 32 * 1024 * 1024

export interface AppDeps {
  logger: FastifyServerOptions['logger'] | FastifyServerOptions['loggerInstance']
  clock: () => string
  config: OperatorConfig
  registry?: Registry
  controllers?: readonly CompositeControllerDef[]
  decorators?: readonly DecoratorControllerDef[]
}

export interface HookApp {
  app: FastifyInstance
  registry: Registry
  /** Stop accepting: /readyz answers 503 from now on. */
  drain: () => void
}

/** Never log bodies (they hold Secrets); redact what could still carry them. */
export const REDACT = ['req.headers.authorization', '*.data', '*.stringData', 'data', 'stringData']

export function buildApp(deps: AppDeps): HookApp {
  const loggerOption = deps.logger !== undefined && typeof deps.logger === 'object' && 'child' in deps.logger ? { loggerInstance: deps.logger } : { logger: deps.logger ?? false }
  const app = Fastify({ ...loggerOption, bodyLimit: BODY_LIMIT, logController: new LogController({ disableRequestLogging: true }), return503OnClosing: true } as FastifyServerOptions) as unknown as FastifyInstance
  const registry = deps.registry ?? new Registry()
  const metrics = createMetrics(registry)
  const state: Readiness = { draining: false }
  app.setErrorHandler((error: unknown, _req, reply) => {
    const e = error as { code?: string; statusCode?: number; message?: string }
    const parseError = e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError || e.statusCode === 400
    const tooLarge = e.statusCode === 413
    const code = parseError ? DBAAS_ERR.JSON : tooLarge ? 'DBAAS_ERR_TOO_LARGE' : DBAAS_ERR.INTERNAL
    // Every failure is a 500 for Metacontroller (it changes nothing and retries); 413 stays visible as such.
    void reply.code(tooLarge ? 413 : 500).send({ error: code, message: e.message ?? 'error' })
  })
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({ error: DBAAS_ERR.NOT_FOUND, message: `no hook at ${req.method} ${req.url}` })
  })
  healthRoutes(app, state)
  metricsRoute(app, registry)
  const routeDeps = { metrics, clock: deps.clock, config: deps.config }
  for (const c of deps.controllers ?? CONTROLLERS) compositeRoutes(app, routeDeps, c)
  for (const d of deps.decorators ?? DECORATORS) decoratorRoutes(app, routeDeps, d)
  return {
    app,
    registry,
    drain: () => {
      state.draining = true
    },
  }
}
