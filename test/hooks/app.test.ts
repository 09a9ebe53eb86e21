/** The HTTP contract of the hook server, through app.inject (no socket). */
import { Writable } from 'node:stream'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApp, REDACT, type HookApp } from '../../hooks/app.js'
import type { CompositeControllerDef } from '../../providers/controllers.js'
import { DEFAULT_CONFIG, EPOCH } from '../../providers/shared/defaults.js'
import { HookError } from '../../providers/shared/errors.js'
import { S3_CLASS, S3_SECRET, SEED_SPEC, databaseCluster, syncRequest } from '../support/clusters.js'

let hook: HookApp | undefined

function make(extra: Partial<Parameters<typeof buildApp>[0]> = {}): HookApp {
  hook = buildApp({ logger: false, clock: () => EPOCH, config: DEFAULT_CONFIG, ...extra })
  return hook
}

afterEach(async () => {
  await hook?.app.close()
  hook = undefined
})

const seedRequest = syncRequest(databaseCluster('postgresql-demo', SEED_SPEC))

function post(app: HookApp, url: string, payload: unknown) {
  return app.app.inject({ method: 'POST', url, payload: typeof payload === 'string' ? payload : JSON.stringify(payload), headers: { 'content-type': 'application/json' } })
}

function fake(name: string, sync: CompositeControllerDef['sync']): CompositeControllerDef {
  return { name, type: 'composite', parent: { apiVersion: 'x/v1', resource: 'xs', kind: 'X' }, childTypes: () => [], sync }
}

describe('hook routes', () => {
  it('answers a DatabaseCluster sync with 200, the complete children and a status', async () => {
    const res = await post(make(), '/hooks/databasecluster/sync', seedRequest)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(Object.keys(body).sort()).toEqual(['children', 'status'])
    expect(body.children[0]).toMatchObject({ kind: 'Cluster', metadata: { name: 'postgresql-demo' }, spec: { instances: 3, storage: { size: '10Gi' }, postgresql: { parameters: { max_connections: '200' } } } })
  })

  it('serves every controller\'s hooks: composite sync, finalize, customize and the decorator', async () => {
    const app = make()
    const urls = ['/hooks/databasecluster/finalize', '/hooks/opsrequest/sync', '/hooks/databasebackup/sync', '/hooks/backupstorageclass/sync']
    for (const url of urls) expect((await post(app, url, { ...seedRequest, finalizing: url.endsWith('finalize') })).statusCode, url).toBe(200)
    const customize = await post(app, '/hooks/databasecluster/customize', { controller: seedRequest.controller, parent: seedRequest.parent })
    expect(customize.json()).toHaveProperty('relatedResources')
    const decorator = await post(app, '/hooks/backupannotations/sync', { controller: {}, object: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'x', annotations: {} } }, attachments: {} })
    expect(decorator.statusCode).toBe(200)
  })

  it.each([
    ['invalid JSON', '{"parent": ', 'DBAAS_ERR_JSON'],
    ['no parent', { controller: {}, children: {} }, 'DBAAS_ERR_ENVELOPE'],
    ['children not a map', { ...seedRequest, children: [] }, 'DBAAS_ERR_ENVELOPE'],
    ['finalizing not a boolean', { ...seedRequest, finalizing: 'yes' }, 'DBAAS_ERR_ENVELOPE'],
    ['parent without a name', { ...seedRequest, parent: { ...seedRequest.parent, metadata: {} } }, 'DBAAS_ERR_ENVELOPE'],
    ['parent without a uid', { ...seedRequest, parent: { ...seedRequest.parent, metadata: { name: 'x', namespace: 'y' } } }, 'ParentMetadataInvalid'],
  ])('%s → 500 with a JSON error, never 200', async (_name, payload, code) => {
    const res = await post(make(), '/hooks/databasecluster/sync', payload)
    expect(res.statusCode).toBe(500)
    expect(res.json()).toMatchObject({ error: code })
  })

  it('a provider that cannot compute the desired state (HookError) answers 500 with its code', async () => {
    const app = make({ controllers: [fake('broken', () => { throw new HookError('LastAppliedMissing', 'no last-applied annotation') })] })
    const res = await post(app, '/hooks/broken/sync', seedRequest)
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ error: 'LastAppliedMissing', message: 'no last-applied annotation' })
  })

  it.each([
    ['a child without a name', { status: {}, children: [{ apiVersion: 'v1', kind: 'Secret', metadata: {} }] }],
    ['the same child twice', { status: {}, children: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a' } }, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a' } }] }],
    ['a field strict v2 decoding refuses', { status: {}, children: [], childern: [] }],
    ['no status', { children: [] }],
  ])('the response guard turns %s into a 500', async (_name, response) => {
    const app = make({ controllers: [fake('bad', () => response as never)] })
    const res = await post(app, '/hooks/bad/sync', seedRequest)
    expect(res.statusCode).toBe(500)
    expect(res.json().error).toBe('DBAAS_ERR_RESPONSE')
  })

  it('unknown controller → 404', async () => {
    const res = await post(make(), '/hooks/nothing/sync', seedRequest)
    expect(res.statusCode).toBe(404)
    expect(res.json().error).toBe('DBAAS_ERR_NOT_FOUND')
  })

  it('accepts bodies well above 1 MiB (managedFields, big annotations)', async () => {
    const big = { ...seedRequest, parent: { ...seedRequest.parent, metadata: { ...seedRequest.parent.metadata, annotations: { note: 'x'.repeat(3 * 1024 * 1024) } } } }
    expect((await post(make(), '/hooks/databasecluster/sync', big)).statusCode).toBe(200)
  })

  it('an invalid spec still answers 200: Ready=False with the reason, nothing deleted', async () => {
    const res = await post(make(), '/hooks/databasecluster/sync', syncRequest(databaseCluster('pg', { ...SEED_SPEC, version: '3' })))
    expect(res.statusCode).toBe(200)
    expect(res.json().status.conditions[0]).toMatchObject({ type: 'Ready', status: 'False', reason: 'UnsupportedVersion' })
  })
})

describe('probes and metrics', () => {
  it('/healthz, and /readyz that turns 503 while draining', async () => {
    const app = make()
    expect((await app.app.inject({ url: '/healthz' })).statusCode).toBe(200)
    expect((await app.app.inject({ url: '/readyz' })).statusCode).toBe(200)
    app.drain()
    expect((await app.app.inject({ url: '/readyz' })).statusCode).toBe(503)
    expect((await app.app.inject({ url: '/healthz' })).statusCode).toBe(200)
  })

  it('/metrics counts calls per controller, hook and code, errors and latency', async () => {
    const app = make()
    await post(app, '/hooks/databasecluster/sync', seedRequest)
    await post(app, '/hooks/databasecluster/sync', { nope: true })
    const text = (await app.app.inject({ url: '/metrics' })).body
    expect(text).toContain('dbaas_hook_requests_total{controller="databasecluster",hook="sync",code="200"} 1')
    expect(text).toContain('dbaas_hook_requests_total{controller="databasecluster",hook="sync",code="500"} 1')
    expect(text).toContain('dbaas_reconcile_errors_total{controller="databasecluster",hook="sync",code="DBAAS_ERR_ENVELOPE"} 1')
    expect(text).toMatch(/dbaas_reconcile_time_seconds_count\{controller="databasecluster",hook="sync"\} 2/)
    expect(text).toContain('process_resident_memory_bytes')
  })
})

describe('logs', () => {
  it('one JSON line per call with controller, hook, parent, duration and result; no Secret data', async () => {
    const lines: string[] = []
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => { lines.push(chunk.toString()); done() } })
    const app = make({ logger: pino({ level: 'info', redact: REDACT }, sink) })
    const withBackup = syncRequest(databaseCluster('pg', { ...SEED_SPEC, backup: { storageClassName: 's3-default' } }), [], [S3_CLASS, S3_SECRET])
    expect((await post(app, '/hooks/databasecluster/sync', withBackup)).json().children.some((c: { kind: string }) => c.kind === 'Secret')).toBe(true)
    await post(app, '/hooks/databasecluster/sync', { bad: 1 })
    const entries = lines.map((l) => JSON.parse(l))
    expect(entries).toHaveLength(2)
    expect(entries[0]).toMatchObject({ level: 30, controller: 'databasecluster', hook: 'sync', parent: 'team-a/pg', uid: 'uid-pg', generation: 1, children: 4, result: 'ok' })
    expect(typeof entries[0].durationMs).toBe('number')
    expect(entries[1]).toMatchObject({ level: 50, result: 'error', code: 'DBAAS_ERR_ENVELOPE' })
    const all = lines.join('')
    expect(all).not.toContain((S3_SECRET.data as Record<string, string>).AWS_SECRET_ACCESS_KEY)
    expect(all).not.toContain('not-a-real-secret-value')
  })
})
