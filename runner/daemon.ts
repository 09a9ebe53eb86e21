/**
 * `runner serve`: the long-running process of the runner Deployment. It runs
 * the schedule, answers the exec commands over a unix socket inside the pod
 * (so `kubectl exec … runner backup` waits for the backup and streams its
 * progress), and serves /metrics, /healthz and /readyz on the metrics port.
 */
import fs from 'node:fs'
import http from 'node:http'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import { nextDue, parseSchedule } from '../providers/backup/schedule.js'
import type { RunnerService } from './service.js'

export const DEFAULT_SOCKET = '/tmp/dbaas-runner.sock'

type Line = { progress: string } | { ok: boolean; result?: unknown; error?: string; code?: string }

function stream(res: http.ServerResponse): (line: Line) => void {
  res.writeHead(200, { 'content-type': 'application/x-ndjson' })
  return (line) => res.write(`${JSON.stringify(line)}\n`)
}

async function body(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  let text = ''
  for await (const chunk of req) text += (chunk as Buffer).toString()
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>)
}

async function handle(service: RunnerService, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const send = stream(res)
  const progress = (m: string) => { send({ progress: m }); }
  const fail = (e: unknown) => { send({ ok: false, error: e instanceof Error ? e.message : String(e), code: e instanceof Error ? e.name : 'Error' }); }
  try {
    const input = await body(req)
    if (req.url === '/backup') {
      const r = await service.backup(progress, false)
      send({ ok: r.ok, result: r, ...(r.error === undefined ? {} : { error: r.error }) })
    } else if (req.url === '/list') send({ ok: true, result: await service.list() })
    else if (req.url === '/status') send({ ok: true, result: service.state })
    else if (req.url === '/verify') {
      const r = await service.verify(progress)
      send({ ok: r.ok, result: r, ...(r.ok ? {} : { error: r.message }) })
    } else if (req.url === '/restore') {
      const sel = { ...(typeof input.id === 'string' ? { id: input.id } : {}), ...(typeof input.at === 'string' ? { at: input.at } : {}) }
      const target = { ...(typeof input.to === 'string' ? { to: input.to } : {}), ...(typeof input.confirm === 'string' ? { inPlace: { confirm: input.confirm } } : {}) }
      send({ ok: true, result: await service.restore(sel, target, progress) })
    } else send({ ok: false, error: `unknown command ${req.url ?? ''}`, code: 'Usage' })
  } catch (e: unknown) {
    fail(e)
  }
  res.end()
}

export interface DaemonOptions {
  service: RunnerService
  socket: string
  metricsPort: number
  registry: Registry
  logger: Logger
  schedule: string
  timeZone: string
  suspend: boolean
  verifySchedule?: string
  startedAt: string
  now: () => string
  tickSeconds: number
}

/** Whether a scheduled run is due now. */
export function due(schedule: string, timeZone: string, last: string | undefined, startedAt: string, now: string): boolean {
  const parsed = parseSchedule(schedule, timeZone)
  if (!parsed.ok) return false
  const next = nextDue(parsed.value, last, startedAt)
  return next !== undefined && next <= now
}

export async function startDaemon(o: DaemonOptions): Promise<{ close: () => Promise<void> }> {
  fs.rmSync(o.socket, { force: true })
  const control = http.createServer((req, res) => void handle(o.service, req, res))
  await new Promise<void>((resolve) => control.listen(o.socket, resolve))
  let ready = true
  const metrics = http.createServer((req, res) => {
    if (req.url === '/metrics') void o.registry.metrics().then((text) => res.writeHead(200, { 'content-type': o.registry.contentType }).end(text))
    else if (req.url === '/healthz') res.writeHead(200).end('ok')
    else if (req.url === '/readyz') res.writeHead(ready ? 200 : 503).end(ready ? 'ready' : 'draining')
    else res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => metrics.listen(o.metricsPort, '0.0.0.0', resolve))
  const tick = async () => {
    const now = o.now()
    const state = o.service.state
    if (!o.suspend && due(o.schedule, o.timeZone, state.lastScheduledTime, o.startedAt, now)) {
      const r = await o.service.backup((m) => { o.logger.info(m); }, true).catch((e: unknown) => { o.logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'scheduled backup did not run'); })
      if (r !== undefined) o.logger[r.ok ? 'info' : 'error']({ id: r.id, ok: r.ok, size: r.size, error: r.error }, 'scheduled backup finished')
    } else if (o.verifySchedule !== undefined && due(o.verifySchedule, o.timeZone, state.lastVerification?.time, o.startedAt, now)) {
      await o.service.verify((m) => { o.logger.info(m); }).catch((e: unknown) => { o.logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'verification did not run'); })
    }
  }
  const timer = setInterval(() => void tick(), o.tickSeconds * 1000)
  void tick()
  return {
    close: async () => {
      ready = false
      clearInterval(timer)
      await new Promise((r) => control.close(r))
      await new Promise((r) => metrics.close(r))
    },
  }
}
