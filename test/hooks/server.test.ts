/**
 * The hook server as a real process on localhost, driven with curl the way
 * Metacontroller calls it, and shut down with SIGTERM under load.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED_SPEC, databaseCluster, syncRequest } from '../support/clusters.js'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '../..')

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => { resolve(port); })
    })
  })
}

async function curl(url: string, body?: string): Promise<{ code: number; body: string }> {
  const args = ['-s', '-o', '-', '-w', '\n%{http_code}', ...(body === undefined ? [] : ['-X', 'POST', '-H', 'content-type: application/json', '--data-binary', '@-']), url]
  const child = execFile('curl', args)
  if (body !== undefined) child.stdin?.end(body)
  const out = await new Promise<string>((resolve, reject) => {
    let text = ''
    child.stdout?.on('data', (d: Buffer) => (text += d.toString()))
    child.on('error', reject)
    child.on('close', () => { resolve(text); })
  })
  const at = out.lastIndexOf('\n')
  return { code: Number(out.slice(at + 1)), body: out.slice(0, at) }
}

async function waitFor(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (await check().catch(() => false)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('timed out')
}

function start(port: number): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'hooks/server.ts'], { cwd: root, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DRAIN_SECONDS: '2', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] })
}

const request = JSON.stringify(syncRequest(databaseCluster('postgresql-demo', SEED_SPEC)))

describe('the hook server on localhost', () => {
  let port: number
  let server: ChildProcess
  let base: string

  beforeAll(async () => {
    await run('curl', ['--version'])
    port = await freePort()
    base = `http://127.0.0.1:${port}`
    server = start(port)
    await waitFor(async () => (await curl(`${base}/healthz`)).code === 200)
  })

  afterAll(() => {
    if (server.exitCode === null) server.kill('SIGKILL')
  })

  it('answers curl with Metacontroller-shaped bodies: 200 with the children', async () => {
    const res = await curl(`${base}/hooks/databasecluster/sync`, request)
    expect(res.code).toBe(200)
    expect(JSON.parse(res.body).children[0]).toMatchObject({ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', spec: { instances: 3 } })
  })

  it('answers 500 with a JSON error for a broken envelope', async () => {
    const res = await curl(`${base}/hooks/databasecluster/sync`, '{"parent": {"metadata": {}}}')
    expect(res.code).toBe(500)
    expect(JSON.parse(res.body).error).toBe('DBAAS_ERR_ENVELOPE')
  })

  it('on SIGTERM: readyz turns 503, requests during the drain complete whole, then it exits 0', async () => {
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => { resolve(code); }))
    server.kill('SIGTERM')
    await waitFor(async () => (await curl(`${base}/readyz`)).code === 503, 5_000)
    const burst = await Promise.all(Array.from({ length: 20 }, () => curl(`${base}/hooks/databasecluster/sync`, request)))
    for (const res of burst) {
      expect(res.code).toBe(200)
      expect(JSON.parse(res.body).children).toHaveLength(1)
    }
    expect(await exited).toBe(0)
    const after = await curl(`${base}/healthz`)
    expect(after.code).toBe(0)
  })
})
