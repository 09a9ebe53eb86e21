#!/usr/bin/env node
/**
 * The backup runner. `serve` runs in the runner Deployment; the other
 * commands are what people run with `kubectl exec deploy/<name>-runner --`:
 * they talk to the serving process, wait, stream progress, and exit non-zero
 * on any failure (1 failed, 2 usage, 3 another action is running).
 */
import http from 'node:http'
import { KubeConfig } from '@kubernetes/client-node'
import { Command } from 'commander'
import pino from 'pino'
import { Registry } from 'prom-client'
import { connection, encryptionKey, locations, pathsFromEnv, readConfig } from './config.js'
import { DEFAULT_SOCKET, startDaemon } from './daemon.js'
import { engineFor } from './engines/registry.js'
import { leaseLock, localLock } from './lease.js'
import { RunnerMetrics } from './metrics.js'
import { configMapSink, fileSink } from './report.js'
import { RunnerService } from './service.js'

const socket = process.env.DBAAS_RUNNER_SOCKET ?? DEFAULT_SOCKET
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')

function call(path: string, body: Record<string, unknown> = {}): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request({ socketPath: socket, path, method: 'POST' }, (res) => {
      let buffer = ''
      let code = 1
      res.on('data', (d: Buffer) => {
        buffer += d.toString()
        const lines = buffer.split('\n')
        buffer = lines.pop() ?? ''
        for (const line of lines.filter((l) => l !== '')) {
          const msg = JSON.parse(line) as { progress?: string; ok?: boolean; result?: unknown; error?: string; code?: string }
          if (msg.progress !== undefined) process.stderr.write(`${msg.progress}\n`)
          else {
            if (msg.result !== undefined) process.stdout.write(`${JSON.stringify(msg.result, null, 2)}\n`)
            if (msg.error !== undefined) process.stderr.write(`error: ${msg.error}\n`)
            code = msg.ok === true ? 0 : msg.code === 'BusyError' || msg.code === 'LockHeldError' ? 3 : 1
          }
        }
      })
      res.on('end', () => { resolve(code); })
    })
    req.on('error', (e) => {
      process.stderr.write(`error: the runner is not serving on ${socket} (${e.message})\n`)
      resolve(1)
    })
    req.end(JSON.stringify(body))
  })
}

async function serve(): Promise<void> {
  const logger = pino({ formatters: { level: (label) => ({ level: label }) }, timestamp: pino.stdTimeFunctions.isoTime, redact: ['password', '*.password'] })
  const paths = pathsFromEnv(process.env)
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
    sink: inCluster ? configMapSink(kc, config.backup.namespace, config.report.configMap) : fileSink(process.env.DBAAS_RUNNER_REPORT ?? '/tmp/dbaas-runner-report.json'),
    metrics,
    now,
  })
  await service.load()
  metrics.record(service.state, undefined)
  const daemon = await startDaemon({ service, socket, metricsPort: Number(process.env.DBAAS_METRICS_PORT ?? 9090), registry, logger, schedule: config.schedule, timeZone: config.timeZone, suspend: config.suspend, ...(config.verifySchedule === undefined ? {} : { verifySchedule: config.verifySchedule }), startedAt: now(), now, tickSeconds: Number(process.env.DBAAS_TICK_SECONDS ?? 30) })
  logger.info({ backup: `${config.backup.namespace}/${config.backup.name}`, engine: config.engine, locations: config.storage.locations.map((l) => l.name) }, 'runner serving')
  const stop = () => void daemon.close().then(() => process.exit(0))
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

const program = new Command('runner').description('The dbaas backup runner.').showHelpAfterError()
program.command('serve').description('Run the schedule and answer commands (the Deployment\'s process).').action(serve)
program
  .command('backup')
  .description('Back up now; waits and streams progress unless --async.')
  .option('--async', 'start it and return at once')
  .action(async (o: { async?: boolean }) => {
    if (o.async === true) {
      const req = http.request({ socketPath: socket, path: '/backup', method: 'POST' })
      req.on('error', (e) => process.stderr.write(`error: ${e.message}\n`))
      req.end('{}', () => process.stdout.write('backup started; follow it with `runner status`\n'))
      return
    }
    process.exitCode = await call('/backup')
  })
program.command('list').description('Backups in every location, with times, sizes and completeness.').action(async () => {
  process.exitCode = await call('/list')
})
program
  .command('restore')
  .description('Restore a backup into a new database (default), or in place with --in-place --confirm <databases>.')
  .option('--backup <id>', 'the backup id')
  .option('--at <time>', 'the newest backup taken at or before this time (RFC 3339)')
  .option('--to <database>', 'name of the new database (single-database backups)')
  .option('--in-place', 'replace the original databases')
  .option('--confirm <databases>', 'with --in-place: the databases being replaced, comma-separated')
  .action(async (o: { backup?: string; at?: string; to?: string; inPlace?: boolean; confirm?: string }) => {
    if ((o.backup === undefined) === (o.at === undefined)) {
      process.stderr.write('error: give exactly one of --backup and --at\n')
      process.exitCode = 2
      return
    }
    if (o.inPlace === true && o.confirm === undefined) {
      process.stderr.write('error: --in-place replaces data: add --confirm <databases>\n')
      process.exitCode = 2
      return
    }
    process.exitCode = await call('/restore', { ...(o.backup === undefined ? {} : { id: o.backup }), ...(o.at === undefined ? {} : { at: o.at }), ...(o.to === undefined ? {} : { to: o.to }), ...(o.inPlace === true ? { confirm: o.confirm } : {}) })
  })
program.command('verify').description('Restore the newest backup into scratch databases, check them, drop them.').action(async () => {
  process.exitCode = await call('/verify')
})
program.command('status').description('The runner\'s report: last backup, failures, stored backups, verification.').action(async () => {
  process.exitCode = await call('/status')
})

await program.parseAsync(process.argv)
