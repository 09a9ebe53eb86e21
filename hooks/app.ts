/**
 * The hook server, built by a function and never listening here (server.ts
 * listens). It needs no Kubernetes API access: everything arrives in the
 * request bodies Metacontroller sends.
 */
import Fastify, { type FastifyInstance, LogController } from 'fastify'
import type { Logger, LoggerOptions } from 'pino'
import { Registry } from 'prom-client'
import { CONTROLLERS, DECORATORS, type ControllerDef, type DecoratorControllerDef } from '../providers/controllers.js'
import type { OperatorConfig } from '../providers/shared/context.js'
import { callRecorder } from './hook-call.js'
import { createLogger, isLogger } from './logger.js'
import { errorHandling } from './plugins/error-handler.js'
import { type Readiness, healthRoutes } from './plugins/health.js'
import { createMetrics, metricsRoute } from './plugins/metrics.js'
import { compositeRoutes, decoratorRoutes } from './routes.js'

export { BODY_LIMIT } from './routes.js'
export { REDACT } from './logger.js'

export interface AppDeps {
  /** A pino logger, pino options (our defaults apply underneath), or false for silence. */
  logger: Logger | LoggerOptions | false
  /** Now as RFC 3339 UTC with second precision, e.g. 2026-01-01T00:00:00Z. */
  clock: () => string
  config: OperatorConfig
  /** Where the metrics go (default metrics included); a fresh one when absent. */
  registry?: Registry
  /** The composite controllers to serve (default: CONTROLLERS). */
  controllers?: readonly ControllerDef[]
  /** The decorator controllers to serve (default: DECORATORS). */
  decorators?: readonly DecoratorControllerDef[]
}

export interface HookApp {
  app: FastifyInstance
  registry: Registry
  /** Stop being ready: /readyz answers 503 from now on; hooks keep answering until app.close(). */
  drain: () => void
}

function loggerOf(option: AppDeps['logger']): Logger {
  if (option === false) return createLogger({ level: 'silent' })
  return isLogger(option) ? option : createLogger(option)
}

export function buildApp(deps: AppDeps): HookApp {
  const app = Fastify({
    loggerInstance: loggerOf(deps.logger),
    logController: new LogController({ disableRequestLogging: true }),
    // Our own onRequest hook answers 503 with a coded body while closing.
    return503OnClosing: false,
  }) as unknown as FastifyInstance
  const registry = deps.registry ?? new Registry()
  const record = callRecorder(createMetrics(registry))
  const state: Readiness = { ready: false, draining: false }
  errorHandling(app, record)
  healthRoutes(app, state)
  metricsRoute(app, registry)
  const routeDeps = { record, clock: deps.clock, config: deps.config }
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
