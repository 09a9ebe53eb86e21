/**
 * Starts the hook server: reads the environment once, listens, and shuts
 * down gracefully on SIGTERM/SIGINT: /readyz turns 503, the server keeps
 * answering for DRAIN_SECONDS while the pod leaves the Service's endpoints,
 * then closes (in-flight requests finish, new ones get 503) and exits 0.
 */
import type { AddressInfo } from 'node:net'
import closeWithGrace from 'close-with-grace'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import type { OperatorConfig } from '../providers/shared/context.js'
import { DEFAULT_CONFIG } from '../providers/shared/defaults.js'
import { type HookApp, buildApp } from './app.js'
import { loadConfig, readEnv } from './config.js'
import { createLogger } from './logger.js'

/** Now as RFC 3339 UTC with second precision. */
export function systemClock(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export interface StartOptions {
  /** Default 8080; 0 picks a free port. */
  port?: number
  /** Default 0.0.0.0 (probes reach the pod IP, not loopback). */
  host?: string
  /** Seconds between turning unready and closing. Default 5. */
  drainSeconds?: number
  config?: OperatorConfig
  logger?: Logger
  registry?: Registry
  clock?: () => string
}

export interface RunningServer extends HookApp {
  /** http://host:port as listened on. */
  address: string
  port: number
  /** Drain (readyz 503), wait drainSeconds, close (in-flight requests finish). Safe to call twice. */
  close: () => Promise<void>
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger()
  const config = options.config ?? DEFAULT_CONFIG
  const drainSeconds = options.drainSeconds ?? 5
  const hook = buildApp({ logger, clock: options.clock ?? systemClock, config, ...(options.registry === undefined ? {} : { registry: options.registry }) })
  const address = await hook.app.listen({ port: options.port ?? 8080, host: options.host ?? '0.0.0.0' })
  const port = (hook.app.server.address() as AddressInfo).port
  logger.info({ address, engines: config.engines, drainSeconds }, 'dbaas hooks listening')
  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      hook.drain()
      logger.info({ drainSeconds }, 'draining: readyz answers 503')
      await new Promise((resolve) => setTimeout(resolve, drainSeconds * 1000))
      await hook.app.close()
      logger.info('closed')
    })()
    return closing
  }
  return { ...hook, address, port, close }
}

async function main(): Promise<void> {
  let logger = createLogger()
  try {
    const env = readEnv(process.env)
    logger = createLogger({ level: env.logLevel })
    const server = await startServer({ port: env.port, host: env.host, drainSeconds: env.drainSeconds, config: loadConfig(env.configFile), logger })
    const log = logger
    // The grace period covers the drain and the longest request after it; past it the process exits 1.
    closeWithGrace({ delay: (env.drainSeconds + 20) * 1000, logger: log }, async ({ signal, err }) => {
      if (err !== undefined) log.error({ error: err.message, stack: err.stack }, 'shutting down after an error')
      else log.info({ signal }, 'shutting down')
      await server.close()
    })
  } catch (error: unknown) {
    logger.fatal({ error: error instanceof Error ? error.message : String(error) }, 'the hook server cannot start')
    process.exit(1)
  }
}

if (/hooks[\\/]server\.(ts|js)$/.test(process.argv[1] ?? '')) await main()
