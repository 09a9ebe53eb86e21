/**
 * Starts the hook server: reads the environment once, listens, and shuts
 * down gracefully on SIGTERM/SIGINT: /readyz turns 503, the server keeps
 * answering for DRAIN_SECONDS while the pod leaves the Service's endpoints,
 * then closes (in-flight requests finish, new ones get 503) and exits.
 */
import closeWithGrace from 'close-with-grace'
import pino from 'pino'
import { buildApp, REDACT, type HookApp } from './app.js'
import { loadConfig, readEnv, type ServerEnv } from './config.js'

export function clock(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export interface StartedServer extends HookApp {
  address: string
  /** Drain, wait, close. */
  shutdown: () => Promise<void>
}

export async function startServer(env: ServerEnv, logger = pino({ level: env.logLevel, redact: REDACT, formatters: { level: (label) => ({ level: label }) }, timestamp: pino.stdTimeFunctions.isoTime })): Promise<StartedServer> {
  const config = loadConfig(env.configFile)
  const hook = buildApp({ logger, clock, config })
  const address = await hook.app.listen({ port: env.port, host: env.host })
  logger.info({ address, engines: config.engines }, 'dbaas hooks listening')
  const shutdown = async () => {
    hook.drain()
    logger.info({ drainSeconds: env.drainSeconds }, 'draining')
    await new Promise((resolve) => setTimeout(resolve, env.drainSeconds * 1000))
    await hook.app.close()
    logger.info('closed')
  }
  return { ...hook, address, shutdown }
}

const isMain = /hooks[\\/]server\.(ts|js)$/.test(process.argv[1] ?? '')
if (isMain) {
  const env = readEnv(process.env)
  const server = await startServer(env)
  closeWithGrace({ delay: (env.drainSeconds + 25) * 1000 }, async ({ signal, err }) => {
    if (err !== undefined) server.app.log.error({ err: err.message }, 'shutting down after an error')
    else server.app.log.info({ signal }, 'shutting down')
    await server.shutdown()
  })
}
