/**
 * The exec side of the runner: sends one command to the serving process over
 * its unix socket, prints progress lines to stderr as they arrive, the result
 * to stdout, and turns the answer into an exit code: 0 done, 1 failed,
 * 2 usage, 3 another action (here or in another runner pod) is running.
 */
import http from 'node:http'
import type { Line } from './daemon.js'

/** Where `serve` listens inside the pod (DBAAS_RUNNER_SOCKET overrides it). */
export const DEFAULT_SOCKET = '/tmp/dbaas-runner.sock'

export const EXIT = { ok: 0, failed: 1, usage: 2, busy: 3 } as const

export interface Output {
  out: (text: string) => void
  err: (text: string) => void
}

export function exitCode(line: { ok?: boolean; code?: string }): number {
  if (line.ok === true) return EXIT.ok
  if (line.code === 'BusyError' || line.code === 'LockHeldError') return EXIT.busy
  if (line.code === 'Usage') return EXIT.usage
  return EXIT.failed
}

/** Sends the command; resolves to the exit code. `render` formats the result for stdout. */
export function call(socket: string, path: string, input: Record<string, unknown>, output: Output, render: (result: unknown) => string = (r) => `${JSON.stringify(r, null, 2)}\n`): Promise<number> {
  return new Promise((resolve) => {
    let settled = false
    const finish = (code: number) => {
      if (!settled) resolve(code)
      settled = true
    }
    const req = http.request({ socketPath: socket, path, method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let buffer = ''
      let code: number | undefined
      res.on('data', (d: Buffer) => {
        buffer += d.toString()
        const lines = buffer.split('\n')
        buffer = lines.pop() ?? ''
        for (const text of lines.filter((l) => l !== '')) {
          const line = JSON.parse(text) as Line & { ok?: boolean; result?: unknown; error?: string; code?: string; progress?: string }
          if (line.progress !== undefined) {
            output.err(`${line.progress}\n`)
            continue
          }
          if (line.result !== undefined) output.out(render(line.result))
          if (line.error !== undefined) output.err(`error: ${line.error}\n`)
          code = exitCode(line)
        }
      })
      res.on('end', () => {
        if (code === undefined) output.err('error: the runner stopped before it answered (it may have restarted); see `status`\n')
        finish(code ?? EXIT.failed)
      })
      res.on('error', () => {
        output.err('error: the connection to the runner broke before it answered; see `status`\n')
        finish(EXIT.failed)
      })
    })
    req.on('error', (e) => {
      output.err(`error: the runner is not serving on ${socket} (${e.message}); is this the runner pod?\n`)
      finish(EXIT.failed)
    })
    req.end(JSON.stringify(input))
  })
}

interface ListRow {
  location: string
  error?: string
  backups: { id: string; time: string; complete: boolean; size: number; checksumStatus: string; databases?: string[]; error?: string }[]
}

function human(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let n = bytes
  let u = 0
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024
    u++
  }
  return `${u === 0 ? String(n) : n.toFixed(1)} ${units[u] ?? 'B'}`
}

/** `list` as a table per location. */
export function renderList(result: unknown): string {
  const out: string[] = []
  for (const l of result as ListRow[]) {
    out.push(`${l.location}${l.error === undefined ? '' : `: cannot list (${l.error})`}`)
    if (l.error === undefined && l.backups.length === 0) out.push('  (no backups)')
    for (const b of l.backups) {
      out.push(`  ${b.id}  ${b.time}  ${human(b.size).padStart(10)}  ${b.complete ? 'complete  ' : 'incomplete'}  checksum ${b.checksumStatus}${b.databases === undefined ? '' : `  ${b.databases.join(',')}`}${b.error === undefined ? '' : `  (${b.error})`}`)
    }
  }
  return `${out.join('\n')}\n`
}
