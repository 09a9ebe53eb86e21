/**
 * The hook server as a real process on localhost (`node --import tsx
 * hooks/server.ts`), driven with curl the way Metacontroller calls it, and
 * shut down with SIGTERM in the middle of a burst of requests.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED_REQUEST } from './helpers.js'

const root = path.resolve(import.meta.dirname, '../..')

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => { resolve(port) })
    })
    s.on('error', reject)
  })
}

/** curl, as a separate process; code 0 means no HTTP answer (connection refused). */
function curl(url: string, body?: string, extra: string[] = []): Promise<{ code: number; body: string }> {
  const args = ['-s', '-o', '-', '-w', '\n%{http_code}', '--max-time', '20', ...extra, ...(body === undefined ? [] : ['-X', 'POST', '-H', 'content-type: application/json', '--data-binary', '@-']), url]
  return new Promise((resolve, reject) => {
    const child = execFile('curl', args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      // curl's own exit codes (7: connection refused) still leave the %{http_code} line; anything else is a broken test.
      if (error !== null && typeof error.code !== 'number') { reject(new Error(`curl could not run: ${error.message}`)); return }
      const at = stdout.lastIndexOf('\n')
      resolve({ code: Number(stdout.slice(at + 1)), body: stdout.slice(0, at) })
    })
    child.stdin?.end(body ?? '')
  })
}

async function waitFor(check: () => Promise<boolean>, ms: number, every = 50): Promise<boolean> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (await check()) return true
    await new Promise((r) => setTimeout(r, every))
  }
  return false
}

interface Proc { child: ChildProcess; out: () => Record<string, unknown>[]; exited: Promise<number | null> }

function start(env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', 'hooks/server.ts'], { cwd: root, env: { ...process.env, HOST: '127.0.0.1', DRAIN_SECONDS: '1', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let text = ''
  child.stdout.on('data', (d: Buffer) => (text += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { resolve(code) }))
  return { child, exited, out: () => text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>) }
}

const request = JSON.stringify(SEED_REQUEST)
/** The same request padded to about 250 KB: under curl --limit-rate 100k its upload takes about 2.5 s, past the 1 s drain. */
const slowRequest = JSON.stringify({ ...SEED_REQUEST, parent: { ...SEED_REQUEST.parent, metadata: { ...SEED_REQUEST.parent.metadata, annotations: { pad: 'x'.repeat(250_000) } } } })

function completeAnswer(res: { code: number; body: string }): void {
  expect(res.code).toBe(200)
  const body = JSON.parse(res.body)
  expect(body.children.some((c: { kind: string; metadata: { name: string } }) => c.kind === 'Cluster' && c.metadata.name === 'postgresql-demo')).toBe(true)
  expect(typeof body.status).toBe('object')
}

describe('the hook server on localhost', () => {
  let server: Proc
  let base: string

  beforeAll(async () => {
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    server = start({ PORT: String(port) })
    expect(await waitFor(async () => (await curl(`${base}/readyz`)).code === 200, 30_000, 100)).toBe(true)
  })

  afterAll(() => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL')
  })

  it('logs where it listens', () => {
    expect(server.out()).toContainEqual(expect.objectContaining({ level: 'info', msg: 'dbaas hooks listening', address: base }))
  })

  it('answers a Metacontroller-shaped sync with 200 and the children', async () => {
    completeAnswer(await curl(`${base}/hooks/databasecluster/sync`, request))
  })

  it('answers a broken envelope with 500 and a coded JSON error', async () => {
    const res = await curl(`${base}/hooks/databasecluster/sync`, JSON.stringify({ ...SEED_REQUEST, children: [] }))
    expect(res.code).toBe(500)
    expect(JSON.parse(res.body)).toEqual({ error: 'DBAAS_ERR_ENVELOPE', message: expect.stringContaining('/children') })
  })

  it('on SIGTERM during a burst: readyz turns 503, every request in flight completes whole, the process exits 0', async () => {
    const burst = [
      ...Array.from({ length: 6 }, () => curl(`${base}/hooks/databasecluster/sync`, slowRequest, ['--limit-rate', '100k'])),
      ...Array.from({ length: 12 }, () => curl(`${base}/hooks/databasecluster/sync`, request)),
    ]
    await new Promise((r) => setTimeout(r, 300))
    server.child.kill('SIGTERM')
    const sawDraining = await waitFor(async () => (await curl(`${base}/readyz`)).code === 503, 900)
    const answers = await Promise.all(burst)
    for (const res of answers) completeAnswer(res)
    expect(sawDraining).toBe(true)
    expect(await server.exited).toBe(0)
    expect((await curl(`${base}/healthz`)).code).toBe(0)
    const log = server.out()
    const at = (msg: string) => Date.parse(String(log.find((l) => l.msg === msg)?.time))
    const answered = log.filter((l) => l.msg === 'hook answered')
    expect(answered).toHaveLength(1 + 18)
    // The slow uploads were still in flight when the drain ended and app.close() began; close waited for them.
    const lastAnswer = Math.max(...answered.map((l) => Date.parse(String(l.time))))
    expect(lastAnswer).toBeGreaterThan(at('draining: readyz answers 503') + 1000)
    expect(at('closed')).toBeGreaterThanOrEqual(lastAnswer)
    expect(log.find((l) => l.msg === 'shutting down')).toMatchObject({ signal: 'SIGTERM' })
  })
})

describe('a configuration it cannot use', () => {
  it('exits 1 at once with a message naming the file and the field', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbaas-bad-'))
    const file = path.join(dir, 'config.yaml')
    fs.writeFileSync(file, 'engines: [postgresql, oracle]\n')
    const proc = start({ PORT: String(await freePort()), DBAAS_CONFIG: file })
    expect(await proc.exited).toBe(1)
    fs.rmSync(dir, { recursive: true, force: true })
    expect(proc.out()).toContainEqual(expect.objectContaining({ level: 'fatal', msg: 'the hook server cannot start', error: expect.stringMatching(new RegExp(`${file}: /engines/1`)) }))
  })
})
