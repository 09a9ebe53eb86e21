/**
 * `runner serve`: the long-running process of the runner Deployment. It runs
 * the schedule (the pure whenToRun decision on a timer), answers the exec
 * commands over a unix socket inside the pod (so `kubectl exec … backup`
 * waits for the backup and streams its progress as NDJSON lines), and serves
 * /metrics, /healthz and /readyz on the metrics port. Everything it writes
 * out goes through the redactor.
 */
import fs from 'node:fs'
import http from 'node:http'
import type { Registry } from 'prom-client'
import { message } from './backup.js'
import type { Redact } from './redact.js'
import type { Log, RunnerService } from './service.js'

/** What the daemon streams back: progress lines, then one result line. */
export type Line = { progress: string } | { ok: boolean; result?: unknown; error?: string; code?: string }

type Input = Record<string, unknown>
type Send = (line: Line) => void

async function body(req: http.IncomingMessage): Promise<Input> {
  let text = ''
  for await (const chunk of req) text += (chunk as Buffer).toString()
  const parsed: unknown = text === '' ? {} : JSON.parse(text)
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw Object.assign(new Error('the request is not a JSON object'), { name: 'Usage' })
  return parsed as Input
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
const strings = (v: unknown) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined)

async function backup(service: RunnerService, input: Input, send: Send): Promise<void> {
  const progress = (m: string) => { send({ progress: m }) }
  if (input.async !== true) {
    const r = await service.backup({ progress })
    if (r !== undefined) send({ ok: r.ok, result: r, ...(r.error === undefined ? {} : { error: r.error }) })
    return
  }
  // --async: answer once the backup holds the runner; it goes on after the client leaves.
  await new Promise<void>((resolve, reject) => {
    service.backup({ progress: () => undefined, onStart: (startTime) => {
      send({ ok: true, result: { started: startTime, message: 'backup started; follow it with `status`' } })
      resolve()
    } }).catch(reject)
  })
}

async function restore(service: RunnerService, input: Input, send: Send): Promise<void> {
  const sel = { ...(str(input.id) === undefined ? {} : { id: str(input.id) ?? '' }), ...(str(input.at) === undefined ? {} : { at: str(input.at) ?? '' }) }
  const databases = strings(input.databases)
  const target = { ...(str(input.to) === undefined ? {} : { to: str(input.to) ?? '' }), ...(str(input.confirm) === undefined ? {} : { inPlace: { confirm: str(input.confirm) ?? '' } }), ...(databases === undefined ? {} : { databases }) }
  send({ ok: true, result: await service.restore(sel, target, (m) => { send({ progress: m }) }) })
}

async function verify(service: RunnerService, send: Send): Promise<void> {
  const r = await service.verify((m) => { send({ progress: m }) })
  if (r !== undefined) send({ ok: r.ok, result: r, ...(r.ok ? {} : { error: r.message }) })
}

async function list(service: RunnerService, input: Input, send: Send): Promise<void> {
  const rows = await service.list(input.verify === true, (m) => { send({ progress: m }) })
  const bad = rows.flatMap((l) => [...(l.error === undefined ? [] : [`${l.location}: ${l.error}`]), ...l.backups.filter((b) => b.checksumStatus === 'mismatch' || b.checksumStatus === 'size-mismatch' || b.checksumStatus === 'bad-manifest').map((b) => `${l.location}/${b.id}: ${b.checksumStatus}`)])
  send({ ok: bad.length === 0, result: rows, ...(bad.length === 0 ? {} : { error: bad.join('; ') }) })
}

async function dispatch(service: RunnerService, url: string, input: Input, send: Send): Promise<void> {
  if (url === '/backup') return backup(service, input, send)
  if (url === '/restore') return restore(service, input, send)
  if (url === '/verify') return verify(service, send)
  if (url === '/list') return list(service, input, send)
  if (url === '/status') {
    send({ ok: true, result: service.status() })
    return
  }
  send({ ok: false, error: `unknown command ${url}`, code: 'Usage' })
}

async function handle(service: RunnerService, redact: Redact, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/x-ndjson' })
  const send: Send = (line) => { if (!res.writableEnded && !res.destroyed) res.write(`${redact(JSON.stringify(line))}\n`) }
  try {
    await dispatch(service, req.url ?? '', await body(req), send)
  } catch (e: unknown) {
    send({ ok: false, error: message(e), code: e instanceof Error ? e.name : 'Error' })
  }
  res.end()
}

export interface DaemonOptions {
  service: RunnerService
  socket: string
  metricsPort: number
  metricsHost: string
  registry: Registry
  log: Log
  redact: Redact
  now: () => string
  tickSeconds: number
}

/** One look at the schedule: runs what is due (a backup before a verification). */
export async function tick(service: RunnerService, log: Log, now: string): Promise<void> {
  const decision = service.decision(now)
  for (const problem of decision.problems) log.error({ problem }, 'the schedule is not valid: nothing runs on schedule')
  const progress = (m: string) => { log.info({ progress: m }, 'progress') }
  try {
    if (decision.due === 'backup') {
      const r = await service.backup({ progress, scheduled: true })
      if (r !== undefined) log[r.ok ? 'info' : 'error']({ id: r.id, ok: r.ok, size: r.size, checksum: r.checksum, locations: r.locations, error: r.error }, 'scheduled backup finished')
    } else if (decision.due === 'verify') {
      const r = await service.verify(progress, true)
      if (r !== undefined) log[r.ok ? 'info' : 'error']({ backupId: r.backupId, ok: r.ok, message: r.message }, 'scheduled verification finished')
    }
  } catch (e: unknown) {
    log.warn({ err: message(e), action: decision.due }, 'the scheduled action did not run')
  }
}

export async function startDaemon(o: DaemonOptions): Promise<{ close: () => Promise<void> }> {
  fs.rmSync(o.socket, { force: true })
  const active = new Set<Promise<void>>()
  const control = http.createServer((req, res) => {
    const work = handle(o.service, o.redact, req, res)
    active.add(work)
    void work.finally(() => active.delete(work))
  })
  control.requestTimeout = 0
  await new Promise<void>((resolve) => control.listen(o.socket, resolve))
  fs.chmodSync(o.socket, 0o600)
  let ready = true
  const metrics = http.createServer((req, res) => {
    if (req.url === '/metrics') {
      o.registry.metrics().then((text) => res.writeHead(200, { 'content-type': o.registry.contentType }).end(text), () => res.writeHead(500).end())
    } else if (req.url === '/healthz') res.writeHead(200).end('ok')
    else if (req.url === '/readyz') res.writeHead(ready ? 200 : 503).end(ready ? 'ready' : 'shutting down')
    else res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => metrics.listen(o.metricsPort, o.metricsHost, resolve))
  let ticking = false
  const step = () => {
    if (ticking) return
    ticking = true
    void tick(o.service, o.log, o.now()).finally(() => { ticking = false })
  }
  const timer = setInterval(step, o.tickSeconds * 1000)
  step()
  return {
    close: async () => {
      ready = false
      clearInterval(timer)
      control.close()
      await o.service.shutdown()
      // Let every command answer (a cancelled backup reports why) before the connections go.
      await Promise.race([Promise.allSettled([...active]), new Promise((r) => setTimeout(r, 5000))])
      control.closeAllConnections()
      metrics.closeAllConnections()
      await new Promise((r) => metrics.close(r))
    },
  }
}
