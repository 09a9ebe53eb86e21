/**
 * `runner serve`: wires the configuration, credentials, engine, locations,
 * Lease, report sink, metrics and JSON logs (secrets redacted) into the
 * service, and runs the daemon until SIGTERM, which cancels a running action
 * cleanly before exiting.
 */
import { KubeConfig } from '@kubernetes/client-node'
import pino from 'pino'
import { Registry } from 'prom-client'
import { connection, encryptionKey, locations, pathsFromEnv, readConfig, secrets } from './config.js'
import { startDaemon } from './daemon.js'
import { engineFor } from './engines/registry.js'
import { leaseLock, localLock } from './lease.js'
import { RunnerMetrics } from './metrics.js'
import { redactor } from './redact.js'
import { configMapSink, fileSink } from './report.js'
import { RunnerService } from './service.js'

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')

export async function serve(socket: string): Promise<void> {
  const paths = pathsFromEnv(process.env)
  const redact = redactor(secrets(paths))
  const logger = pino({ base: { component: 'backup-runner' }, formatters: { level: (label) => ({ level: label }) }, timestamp: pino.stdTimeFunctions.isoTime, hooks: { streamWrite: redact } })
  const config = readConfig(paths.config)
  const inCluster = process.env.KUBERNETES_SERVICE_HOST !== undefined && process.env.POD_NAME !== undefined
  const kc = new KubeConfig()
  if (inCluster) kc.loadFromCluster()
  const registry = new Registry()
  const metrics = new RunnerMetrics(registry)
  const service = new RunnerService({
    config,
    engine: engineFor(config.engine),
    connection: connection(config, paths),
    locations: locations(config, paths),
    key: encryptionKey(config, paths),
    lock: inCluster ? leaseLock(kc, config.backup.namespace, config.lease.name, process.env.POD_NAME ?? 'runner') : localLock(),
    sink: inCluster ? configMapSink(kc, { namespace: config.backup.namespace, configMap: config.report.configMap, ownerUid: config.backup.uid }) : fileSink(process.env.DBAAS_RUNNER_REPORT ?? '/tmp/dbaas-runner-report.json'),
    metrics,
    log: logger,
    now,
    startedAt: now(),
  })
  await service.load()
  metrics.record(service.state)
  const daemon = await startDaemon({ service, socket, metricsPort: Number(process.env.DBAAS_METRICS_PORT ?? 9090), metricsHost: process.env.DBAAS_METRICS_HOST ?? '0.0.0.0', registry, log: logger, redact, now, tickSeconds: Number(process.env.DBAAS_TICK_SECONDS ?? 30) })
  logger.info({ backup: `${config.backup.namespace}/${config.backup.name}`, engine: config.engine, schedule: config.schedule, locations: config.storage.locations.map((l) => l.name), socket }, 'runner serving')
  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping: a running action is cancelled cleanly')
    void daemon.close().then(() => process.exit(0))
  }
  process.once('SIGTERM', () => { stop('SIGTERM') })
  process.once('SIGINT', () => { stop('SIGINT') })
}
