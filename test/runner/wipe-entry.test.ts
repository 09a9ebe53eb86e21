/**
 * The wipe Job's entry point (runner/wipe.ts) end to end: a plan file and
 * mounted credentials in a temporary directory, the S3 location (built from
 * its RunnerLocation exactly as the backup runner builds it) against the S3
 * protocol server on loopback, a filesystem location on real files, and the
 * result ConfigMap on a Kubernetes API server on loopback. Exit codes: 0
 * every folder empty, 1 one is not, 2 a refused plan (nothing deleted).
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { Readable, Writable } from 'node:stream'
import pino from 'pino'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RunnerLocation } from '../../api/runner.js'
import { WIPE_RESULT_KEY, type WipeResult } from '../../api/wipe-plan.js'
import { buildLocation, locations, type RunnerPaths } from '../../runner/config.js'
import { FilesystemLocation } from '../../runner/locations/filesystem.js'
import type { Location } from '../../runner/locations/location.js'
import { S3Location } from '../../runner/locations/s3.js'
import { readWipePlan, runWipe } from '../../runner/wipe.js'
import { FakeKubeApi } from '../support/fake-kube-api.js'
import { startS3, type S3Server } from '../support/s3-server.js'

const NS = 'team-a'
const RESULT = 'orders-wipe-result'
const TOKEN = 'FwoGZXIvYXdzEBYaDHsecretSessionToken0123456789'
const INSIDE = ['team-a/orders/20260102T000000Z/data.dump.zst', 'team-a/orders/20260102T000000Z/manifest.json', 'team-a/orders/base/20260101T000000/data.tar', 'team-a/orders/wals/0000000100000000/000000010000000000000001.gz']
const OUTSIDE = ['root.txt', 'team-a/orders-2/20260101T000000Z/manifest.json', 'team-a/ordersx/1', 'team-b/orders/20260101T000000Z/manifest.json']

const root = path.resolve(import.meta.dirname, '../..')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wipe-entry-'))
const paths: RunnerPaths = { config: path.join(dir, 'unused.json'), targetCredentials: path.join(dir, 'target'), storageCredentials: path.join(dir, 'storage'), backups: path.join(dir, 'backups') }

let s3: S3Server
let refusing: { endpoint: string; stop: () => Promise<void> }
let api: FakeKubeApi
let server: string

const s3Location = (name: string, endpoint: string): RunnerLocation => ({ name, s3: { bucket: 'backups', prefix: 'backups', endpoint, forcePathStyle: true, insecureSkipTLSVerify: false, credentials: true } })
/** A filesystem location as the storage class resolves it: the volume at /backups/nfs, the class's path /dumps inside it. */
const NFS: RunnerLocation = { name: 'nfs', filesystem: { path: '/backups/nfs/dumps' } }
const s3Loc = (): RunnerLocation => s3Location('s3', s3.endpoint)

/** In front of the S3 server: DELETE and DeleteObjects (POST ?delete) are refused with an error that echoes the session token (a secret); everything else passes. */
async function startRefusing(upstream: string): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const target = new URL(upstream)
  const proxy = http.createServer((req, res) => {
    if (req.method === 'DELETE' || (req.method === 'POST' && /[?&]delete(=|&|$)/.test(req.url ?? ''))) {
      req.resume()
      const token = typeof req.headers['x-amz-security-token'] === 'string' ? req.headers['x-amz-security-token'] : ''
      res.writeHead(403, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied for session ${token}</Message><RequestId>1</RequestId></Error>`)
      return
    }
    const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers)
      r.pipe(res)
    })
    up.on('error', () => res.destroy())
    req.pipe(up)
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  return {
    endpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    stop: async () => {
      proxy.closeAllConnections()
      await new Promise((r) => proxy.close(r))
    },
  }
}

function writePlan(name: string, targets: unknown, overrides: Record<string, unknown> = {}): string {
  const plan = { apiVersion: 'dbaas.io/v1alpha1', kind: 'WipePlan', cluster: { name: 'orders', namespace: NS, uid: 'uid-orders' }, targets: Array.isArray(targets) ? targets.map((t: { location: RunnerLocation; prefix: string }) => ({ ...t, what: `backups of ${t.prefix}` })) : targets, result: { configMap: RESULT }, ...overrides }
  const file = path.join(dir, `${name}.json`)
  fs.writeFileSync(file, JSON.stringify(plan))
  return file
}

function logger(): { logger: pino.Logger; lines: () => string[] } {
  const chunks: string[] = []
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { chunks.push(chunk.toString()); done() } })
  return { logger: pino({ level: 'info' }, sink), lines: () => chunks.join('').split('\n').filter((l) => l !== '') }
}

function result(): WipeResult | undefined {
  const text = api.get('v1', 'ConfigMap', NS, RESULT)?.data?.[WIPE_RESULT_KEY]
  return typeof text === 'string' ? (JSON.parse(text) as WipeResult) : undefined
}

function writes(since: number): { method: string; path: string; contentType: string | undefined; fieldManager: string | undefined; body: unknown }[] {
  return api.calls().slice(since).filter((r) => r.method !== 'GET').map((r) => ({ method: r.method, path: r.path, contentType: r.contentType, fieldManager: r.query.fieldManager, body: r.body }))
}

async function seed(location: Location, keys: readonly string[]): Promise<void> {
  for (const key of keys) await location.put(key, Readable.from([Buffer.from(key)]))
}

async function keys(location: Location): Promise<string[]> {
  return (await location.list('')).map((o) => o.key).sort()
}

const wholeBucket = () => new S3Location('whole', { bucket: 'backups', endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } })
const nfsFiles = () => new FilesystemLocation('nfs', path.join(paths.backups, 'nfs', 'dumps'))

async function run(planPath: string) {
  const log = logger()
  const before = api.calls().length
  const code = await runWipe({ planPath, paths, kubeConfig: api.kubeConfig(server), logger: log.logger })
  return { code, lines: log.lines(), writes: writes(before) }
}

beforeAll(async () => {
  s3 = await startS3('backups')
  refusing = await startRefusing(s3.endpoint)
  api = new FakeKubeApi()
  server = await api.start()
  fs.mkdirSync(paths.storageCredentials, { recursive: true })
  for (const name of ['s3', 'broken']) {
    fs.writeFileSync(path.join(paths.storageCredentials, `${name}.AWS_ACCESS_KEY_ID`), 'S3RVER\n')
    fs.writeFileSync(path.join(paths.storageCredentials, `${name}.AWS_SECRET_ACCESS_KEY`), 'S3RVER\n')
  }
  fs.writeFileSync(path.join(paths.storageCredentials, 'broken.AWS_SESSION_TOKEN'), `${TOKEN}\n`)
})

afterAll(async () => {
  await refusing.stop()
  await s3.stop()
  await api.stop()
  fs.rmSync(dir, { recursive: true, force: true })
})

beforeEach(async () => {
  api.seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: RESULT, namespace: NS } })
  for (const k of await keys(wholeBucket())) await wholeBucket().delete(k)
  fs.rmSync(paths.backups, { recursive: true, force: true })
  fs.mkdirSync(path.join(paths.backups, 'nfs'), { recursive: true })
  await seed(buildLocation(s3Loc(), paths), [...INSIDE, ...OUTSIDE])
  await seed(nfsFiles(), [...INSIDE, ...OUTSIDE])
})

describe('the wipe entry point', () => {
  it('buildLocation builds what locations() builds from the same RunnerLocation', () => {
    const config = { storage: { locations: [s3Loc(), NFS] } } as unknown as Parameters<typeof locations>[0]
    const shape = (l: Location) => [l.constructor.name, l.name]
    expect(locations(config, paths).map(shape)).toEqual([['S3Location', 's3'], ['FilesystemLocation', 'nfs']])
    expect([buildLocation(s3Loc(), paths), buildLocation(NFS, paths)].map(shape)).toEqual([['S3Location', 's3'], ['FilesystemLocation', 'nfs']])
    expect(buildLocation(NFS, paths)).toEqual(nfsFiles())
    expect(() => buildLocation(s3Location('nokeys', s3.endpoint), paths)).toThrow(/location nokeys: access keys missing/)
  })

  it('empties an S3 folder (inside its location prefix) and a filesystem folder, reports with a merge patch as dbaas-wipe-orders, exits 0', async () => {
    const { code, lines, writes: w } = await run(writePlan('ok', [{ location: s3Loc(), prefix: 'team-a/orders/' }, { location: NFS, prefix: 'team-a/orders/' }]))
    expect(code).toBe(0)
    const expected: WipeResult = {
      ok: true,
      targets: [
        { location: 's3', prefix: 'team-a/orders/', deleted: 4, remaining: 0, ok: true, message: 'deleted 4 of 4 object(s); the folder is empty' },
        { location: 'nfs', prefix: 'team-a/orders/', deleted: 4, remaining: 0, ok: true, message: 'deleted 4 of 4 object(s); the folder is empty' },
      ],
    }
    expect(w).toEqual([{ method: 'PATCH', path: `/api/v1/namespaces/${NS}/configmaps/${RESULT}`, contentType: 'application/merge-patch+json', fieldManager: 'dbaas-wipe-orders', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: RESULT, namespace: NS }, data: { [WIPE_RESULT_KEY]: JSON.stringify(expected) } } }])
    expect(result()).toEqual(expected)
    expect(await keys(wholeBucket())).toEqual(OUTSIDE.map((k) => `backups/${k}`).sort())
    expect(await keys(nfsFiles())).toEqual([...OUTSIDE].sort())
    expect(fs.readdirSync(path.join(paths.backups, 'nfs', 'dumps', 'team-a')).sort()).toEqual(['orders-2', 'ordersx'])
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(logged.map((l) => [l.msg, l.location, l.deleted, l.remaining])).toEqual([
      ['wiping backups', undefined, undefined, undefined],
      ['deleted 4 of 4 object(s); the folder is empty', 's3', 4, 0],
      ['deleted 4 of 4 object(s); the folder is empty', 'nfs', 4, 0],
      ['wipe done', undefined, 8, 0],
    ])
  })

  it('a refused DELETE fails that target (exit 1) with the secret redacted everywhere; the next target still runs', async () => {
    const { code, lines } = await run(writePlan('refused-delete', [{ location: s3Location('broken', refusing.endpoint), prefix: 'team-a/orders/' }, { location: NFS, prefix: 'team-a/orders/' }]))
    expect(code).toBe(1)
    const r = result()
    expect(r?.ok).toBe(false)
    expect(r?.targets[0]).toMatchObject({ location: 'broken', deleted: 0, ok: false })
    // The manifest could not be deleted: the data stays too, and all of it is still listed.
    expect(r?.targets[0]?.remaining).toBe(4)
    expect(r?.targets[0]?.message).toMatch(/^deleted 0 of 4 object\(s\); 1 delete\(s\) failed \(first: team-a\/orders\/20260102T000000Z\/manifest\.json: Access Denied for session \[REDACTED\]\); data left in place/)
    expect(r?.targets[1]).toMatchObject({ location: 'nfs', deleted: 4, remaining: 0, ok: true })
    expect(lines.join('\n')).toContain('[REDACTED]')
    expect(JSON.stringify(api.requests) + lines.join('\n')).not.toContain(TOKEN)
    expect(await keys(wholeBucket())).toEqual([...INSIDE, ...OUTSIDE].map((k) => `backups/${k}`).sort())
    expect(await keys(nfsFiles())).toEqual([...OUTSIDE].sort())
  })

  it('a filesystem location whose volume is not mounted fails (exit 1) instead of passing for empty', async () => {
    const { code } = await run(writePlan('unmounted', [{ location: { name: 'gone', filesystem: { path: '/backups/gone/dumps' } }, prefix: 'team-a/orders/' }]))
    expect(code).toBe(1)
    expect(result()?.targets[0]).toMatchObject({ location: 'gone', ok: false, deleted: 0, message: `could not list team-a/orders/: the volume of location gone is not mounted at ${path.join(paths.backups, 'gone')}` })
  })

  it.each([
    ['the whole namespace', 'team-a/', 'is invalid: /targets/1/prefix must match pattern'],
    ['a parent directory', '../x/', 'is invalid: /targets/1/prefix must match pattern'],
    ['a path that climbs out', 'team-a/../', 'is invalid: /targets/1/prefix must match pattern'],
    ['another namespace', 'team-b/orders/', 'is refused: target 1 (nfs): prefix "team-b/orders/" is outside namespace team-a'],
  ])('refuses a plan with %s as a prefix: exit 2, nothing deleted', async (_what, prefix, why) => {
    const before = s3.requests.length
    const { code, lines, writes: w } = await run(writePlan('refused', [{ location: s3Loc(), prefix: 'team-a/orders/' }, { location: NFS, prefix }]))
    expect(code).toBe(2)
    expect(s3.requests.slice(before)).toEqual([])
    expect(await keys(wholeBucket())).toEqual([...INSIDE, ...OUTSIDE].map((k) => `backups/${k}`).sort())
    expect(await keys(nfsFiles())).toEqual([...INSIDE, ...OUTSIDE].sort())
    const messages = lines.map((l) => (JSON.parse(l) as { msg: string }).msg)
    expect(messages).toEqual([expect.stringContaining(why)])
    expect(messages[0]).toMatch(/; nothing deleted$/)
    if (why.startsWith('is invalid')) {
      // The schema already rejects it: nothing in the plan is trusted, not even where to report.
      expect(w).toEqual([])
      return
    }
    // Schema-valid but outside the cluster's namespace: the refusal is reported.
    expect(w.map((x) => `${x.method} ${x.path} ${x.fieldManager ?? ''}`), lines.join('\n')).toEqual([`PATCH /api/v1/namespaces/${NS}/configmaps/${RESULT} dbaas-wipe-orders`])
    expect(result()?.ok).toBe(false)
    expect(result()?.targets.map((t) => [t.prefix, t.ok, t.deleted])).toEqual([['team-a/orders/', false, 0], [prefix, false, 0]])
    expect(result()?.targets[0]?.message).toMatch(/^refused, nothing deleted: the plan at .* is refused: target 1 \(nfs\): prefix "team-b\/orders\/" is outside namespace team-a$/)
  })

  it.each([
    ['no targets', writePlan.bind(null, 'no-targets', [])],
    ['a target without a prefix', () => writePlan('no-prefix', [{ location: NFS, what: 'x' }])],
    ['a prefix of the wrong type', () => writePlan('bad-type', [{ location: NFS, prefix: 5, what: 'x' }])],
    ['no cluster', () => writePlan('no-cluster', [{ location: NFS, prefix: 'team-a/orders/' }], { cluster: undefined })],
    ['a location without a name', () => writePlan('no-name', [{ location: { filesystem: { path: '/backups/nfs' } }, prefix: 'team-a/orders/' }])],
    ['not JSON', () => { fs.writeFileSync(path.join(dir, 'garbage.json'), '{"targets": ['); return path.join(dir, 'garbage.json') }],
    ['no file', () => path.join(dir, 'missing.json')],
  ])('refuses a schema-invalid or unreadable plan (%s): exit 2, nothing deleted, nothing written', async (_what, file) => {
    const planPath = file()
    expect(readWipePlan(planPath).ok).toBe(false)
    const before = s3.requests.length
    const { code, writes: w, lines } = await run(planPath)
    expect(code).toBe(2)
    expect(s3.requests.slice(before)).toEqual([])
    expect(w).toEqual([])
    expect(await keys(nfsFiles())).toEqual([...INSIDE, ...OUTSIDE].sort())
    expect(lines.join('\n')).toMatch(/(is invalid|cannot read the plan).*nothing deleted/)
  })

  it('as a process: `node --import tsx runner/wipe.ts` with DBAAS_WIPE_PLAN, DBAAS_STORAGE_CREDENTIALS, DBAAS_BACKUPS_ROOT and KUBECONFIG', async () => {
    const kubeconfig = path.join(dir, 'kubeconfig.yaml')
    fs.writeFileSync(kubeconfig, [
      'apiVersion: v1', 'kind: Config', 'current-context: fake',
      `clusters: [{name: fake, cluster: {server: "${server}", insecure-skip-tls-verify: true}}]`,
      'users: [{name: wipe, user: {token: test-token}}]',
      'contexts: [{name: fake, context: {cluster: fake, user: wipe, namespace: team-a}}]', '',
    ].join('\n'))
    const planPath = writePlan('process', [{ location: s3Location('broken', refusing.endpoint), prefix: 'team-a/orders/' }, { location: NFS, prefix: 'team-a/orders/' }])
    const env = { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: kubeconfig, DBAAS_WIPE_PLAN: planPath, DBAAS_STORAGE_CREDENTIALS: paths.storageCredentials, DBAAS_BACKUPS_ROOT: paths.backups, DBAAS_TARGET_CREDENTIALS: paths.targetCredentials }
    const out = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'runner/wipe.ts'], { cwd: root, env }, (error, stdout) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout })
      })
    })
    expect(out.code, out.stdout).toBe(1)
    const logged = out.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(logged.map((l) => [l.level, l.component, l.location, l.ok]), out.stdout).toEqual([
      ['info', 'wipe', undefined, undefined],
      ['error', 'wipe', 'broken', false],
      ['info', 'wipe', 'nfs', true],
      ['error', 'wipe', undefined, false],
    ])
    expect(out.stdout).not.toContain(TOKEN)
    expect(result()?.targets.map((t) => [t.location, t.ok, t.remaining])).toEqual([['broken', false, 4], ['nfs', true, 0]])
    expect(await keys(nfsFiles())).toEqual([...OUTSIDE].sort())
    // Refused: exit 2.
    const refused = await new Promise<number>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'runner/wipe.ts'], { cwd: root, env: { ...env, DBAAS_WIPE_PLAN: writePlan('process-refused', [{ location: NFS, prefix: 'team-b/orders/' }]) } }, (error) => {
        resolve(error === null ? 0 : typeof error.code === 'number' ? error.code : -1)
      })
    })
    expect(refused).toBe(2)
  }, 60_000)
})
