/** The HTTP contract of the hook routes, through app.inject (no socket). */
import { afterEach, describe, expect, it } from 'vitest'
import { CONTROLLERS } from '../../providers/controllers.js'
import type { CompositeSyncRequest } from '../../providers/shared/kube.js'
import type { ReconcileContext } from '../../providers/shared/context.js'
import { DEFAULT_CONFIG, EPOCH } from '../../providers/shared/defaults.js'
import { HookError } from '../../providers/shared/errors.js'
import { SEED_SPEC, databaseCluster, syncRequest } from '../support/clusters.js'
import { SEED_REQUEST, closeApps, fakeController, makeApp, post } from './helpers.js'

afterEach(closeApps)

const OK = { status: {}, children: [] }

describe('answers 200 with the complete desired state', () => {
  it('a DatabaseCluster sync of the seed example: a children list, a status object, the CNPG Cluster named after the parent', async () => {
    const res = await post(makeApp(), '/hooks/databasecluster/sync', SEED_REQUEST)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    const body = res.json()
    expect(Object.keys(body).every((k) => ['status', 'children', 'resyncAfterSeconds', 'finalized'].includes(k))).toBe(true)
    expect(Array.isArray(body.children)).toBe(true)
    expect(typeof body.status).toBe('object')
    const clusters = body.children.filter((c: { apiVersion: string; kind: string }) => c.apiVersion === 'postgresql.cnpg.io/v1' && c.kind === 'Cluster')
    expect(clusters).toHaveLength(1)
    expect(clusters[0]).toMatchObject({ metadata: { name: 'postgresql-demo', namespace: 'team-a' }, spec: { instances: 3, storage: { size: '10Gi' }, postgresql: { parameters: { max_connections: '200' } } } })
  })

  it('an invalid user spec is still a 200: Ready=False with the reason', async () => {
    const res = await post(makeApp(), '/hooks/databasecluster/sync', syncRequest(databaseCluster('pg', { ...SEED_SPEC, version: '3' })))
    expect(res.statusCode).toBe(200)
    expect(res.json().status.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'False', reason: 'UnsupportedVersion' }))
  })

  it('serves sync, finalize and customize of every controller, and the decorator', async () => {
    const app = makeApp()
    for (const url of ['/hooks/databasecluster/finalize', '/hooks/opsrequest/sync', '/hooks/databasebackup/sync', '/hooks/backupstorageclass/sync']) {
      expect((await post(app, url, { ...SEED_REQUEST, finalizing: url.endsWith('finalize') })).statusCode, url).toBe(200)
    }
    const customize = await post(app, '/hooks/databasecluster/customize', { controller: SEED_REQUEST.controller, parent: SEED_REQUEST.parent })
    expect(customize.statusCode).toBe(200)
    expect(Object.keys(customize.json())).toEqual(['relatedResources'])
    const decorator = await post(app, '/hooks/backupannotations/sync', { controller: {}, object: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'x', annotations: {} } }, attachments: {} })
    expect(decorator.statusCode).toBe(200)
  })

  it('sync and finalize both call the controller\'s sync with the request\'s finalizing flag, the clock and the config', async () => {
    const seen: { finalizing: boolean; ctx: ReconcileContext }[] = []
    const app = makeApp({ controllers: [fakeController('x', (req, ctx) => (seen.push({ finalizing: req.finalizing, ctx }), OK))] })
    expect((await post(app, '/hooks/x/sync', { ...SEED_REQUEST, finalizing: false })).statusCode).toBe(200)
    expect((await post(app, '/hooks/x/finalize', { ...SEED_REQUEST, finalizing: true })).statusCode).toBe(200)
    expect(seen).toEqual([{ finalizing: false, ctx: { now: EPOCH, config: DEFAULT_CONFIG } }, { finalizing: true, ctx: { now: EPOCH, config: DEFAULT_CONFIG } }])
  })

  it('hands the provider the request exactly as sent: nothing coerced, defaulted or removed', async () => {
    let received: CompositeSyncRequest | undefined
    const app = makeApp({ controllers: [fakeController('x', (req) => ((received = req), OK))] })
    const odd = { ...SEED_REQUEST, parent: { ...SEED_REQUEST.parent, spec: { clusterSize: '3', storage: 10, extra: { nested: [null, '1'] } } }, unknownTopLevel: true }
    await post(app, '/hooks/x/sync', odd)
    expect(received).toEqual(JSON.parse(JSON.stringify(odd)))
  })

  it('accepts bodies well above 1 MiB (a parent with a 3 MiB annotation)', async () => {
    const meta = { ...SEED_REQUEST.parent.metadata, annotations: { note: 'x'.repeat(3 * 1024 * 1024) } }
    const res = await post(makeApp(), '/hooks/databasecluster/sync', { ...SEED_REQUEST, parent: { ...SEED_REQUEST.parent, metadata: meta } })
    expect(res.statusCode).toBe(200)
    expect(res.json().children.length).toBeGreaterThan(0)
  })
})

describe('anything else is a 500 with a coded JSON error', () => {
  const parent = SEED_REQUEST.parent
  it.each([
    ['invalid JSON', '{"parent": {"data": "c2VjcmV0"', 'DBAAS_ERR_JSON'],
    ['an empty body', '', 'DBAAS_ERR_JSON'],
    ['a JSON array', '[]', 'DBAAS_ERR_ENVELOPE'],
    ['no parent', { controller: {}, children: {} }, 'DBAAS_ERR_ENVELOPE'],
    ['no controller', { parent, children: {} }, 'DBAAS_ERR_ENVELOPE'],
    ['a parent that is not an object', { ...SEED_REQUEST, parent: 'db' }, 'DBAAS_ERR_ENVELOPE'],
    ['parent.metadata.name missing', { ...SEED_REQUEST, parent: { ...parent, metadata: { namespace: 'team-a', uid: 'u' } } }, 'DBAAS_ERR_ENVELOPE'],
    ['children not an object', { ...SEED_REQUEST, children: [] }, 'DBAAS_ERR_ENVELOPE'],
    ['children holding a non-object', { ...SEED_REQUEST, children: { 'Secret.v1': 'x' } }, 'DBAAS_ERR_ENVELOPE'],
    ['related not an object of objects', { ...SEED_REQUEST, related: { 'Secret.v1': { a: 1 } } }, 'DBAAS_ERR_ENVELOPE'],
    ['finalizing not a boolean', { ...SEED_REQUEST, finalizing: 'true' }, 'DBAAS_ERR_ENVELOPE'],
  ])('%s', async (_name, payload, code) => {
    const res = await post(makeApp(), '/hooks/databasecluster/sync', payload)
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ error: code, message: expect.any(String) })
    expect(res.body).not.toContain('c2VjcmV0')
  })

  it('a provider\'s HookError keeps its code and message', async () => {
    const app = makeApp({ controllers: [fakeController('broken', () => { throw new HookError('LastAppliedMissing', 'no last-applied annotation on Cluster pg') })] })
    const res = await post(app, '/hooks/broken/sync', SEED_REQUEST)
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ error: 'LastAppliedMissing', message: 'no last-applied annotation on Cluster pg' })
  })

  it.each([
    ['a TypeError', () => (undefined as unknown as { x: number }).x],
    ['an error that has a code but is no HookError', () => { throw Object.assign(new Error('disk'), { code: 'ENOENT' }) }],
    ['a thrown string', () => { throw 'boom' as unknown as Error }],
    ['a response that cannot be serialized', () => ({ status: { n: 1n }, children: [] })],
  ])('any other failure (%s) is DBAAS_ERR_INTERNAL, without a stack', async (_name, sync) => {
    const app = makeApp({ controllers: [fakeController('bug', sync as never)] })
    const res = await post(app, '/hooks/bug/sync', SEED_REQUEST)
    expect(res.statusCode).toBe(500)
    expect(Object.keys(res.json())).toEqual(['error', 'message'])
    expect(res.json().error).toBe('DBAAS_ERR_INTERNAL')
    expect(res.body).not.toMatch(/\n\s+at |\.ts:\d+/)
  })

  it('a body above 32 MiB is refused with a coded 500', async () => {
    const res = await post(makeApp(), '/hooks/databasecluster/sync', { ...SEED_REQUEST, pad: 'x'.repeat(33 * 1024 * 1024) })
    expect(res.statusCode).toBe(500)
    expect(res.json().error).toBe('DBAAS_ERR_TOO_LARGE')
  })
})

describe('the response guard', () => {
  const secret = (name: string, namespace?: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, ...(namespace === undefined ? {} : { namespace }) } })
  it.each([
    ['a child without a name', { status: {}, children: [{ apiVersion: 'v1', kind: 'Secret', metadata: {} }] }],
    ['a child with an empty name', { status: {}, children: [secret('')] }],
    ['a child without apiVersion', { status: {}, children: [{ kind: 'Secret', metadata: { name: 'a' } }] }],
    ['a child whose kind is not a string', { status: {}, children: [{ apiVersion: 'v1', kind: 1, metadata: { name: 'a' } }] }],
    ['a child that is not an object', { status: {}, children: ['Secret/a'] }],
    ['the same child twice', { status: {}, children: [secret('a', 'n'), secret('a', 'n')] }],
    ['children that are not a list', { status: {}, children: {} }],
    ['no status', { children: [] }],
    ['a status that is a list', { status: [], children: [] }],
    ['a top-level field strict v2 decoding refuses', { status: {}, children: [], childern: [] }],
    ['finalized that is not a boolean', { status: {}, children: [], finalized: 'yes' }],
    ['a negative resyncAfterSeconds', { status: {}, children: [], resyncAfterSeconds: -1 }],
  ])('turns %s into DBAAS_ERR_RESPONSE', async (_name, response) => {
    const app = makeApp({ controllers: [fakeController('bad', () => response as never)] })
    const res = await post(app, '/hooks/bad/sync', SEED_REQUEST)
    expect(res.statusCode).toBe(500)
    expect(res.json().error).toBe('DBAAS_ERR_RESPONSE')
  })

  it('lets through every field strict v2 accepts, and one name in two namespaces', async () => {
    const response = { status: { phase: 'x' }, children: [secret('a', 'n1'), secret('a', 'n2')], resyncAfterSeconds: 30, finalized: true }
    const res = await post(makeApp({ controllers: [fakeController('fine', () => response)] }), '/hooks/fine/finalize', { ...SEED_REQUEST, finalizing: true })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual(response)
  })

  it('guards customize responses too', async () => {
    const app = makeApp({ controllers: [fakeController('c', () => OK, () => ({ relatedResources: [], children: [] }) as never)] })
    const res = await post(app, '/hooks/c/customize', { controller: {}, parent: SEED_REQUEST.parent })
    expect(res.statusCode).toBe(500)
    expect(res.json().error).toBe('DBAAS_ERR_RESPONSE')
  })
})

describe('unknown paths', () => {
  it.each([
    ['an unknown controller', 'POST', '/hooks/nothing/sync'],
    ['an unknown hook', 'POST', '/hooks/databasecluster/delete'],
    ['customize of a controller without one', 'POST', '/hooks/plain/customize'],
    ['a GET on a hook', 'GET', '/hooks/databasecluster/sync'],
  ])('%s → 404 with a JSON error', async (_name, method, url) => {
    const app = makeApp({ controllers: [...CONTROLLERS, fakeController('plain', () => OK)] })
    const res = await app.app.inject({ method: method as 'GET' | 'POST', url, ...(method === 'POST' ? { payload: SEED_REQUEST } : {}) })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ error: 'DBAAS_ERR_NOT_FOUND', message: expect.stringContaining(url) })
  })
})
