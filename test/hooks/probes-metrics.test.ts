/** /healthz, /readyz with draining, and /metrics on the app's own registry. */
import { Registry } from 'prom-client'
import { afterEach, describe, expect, it } from 'vitest'
import { HookError } from '../../providers/shared/errors.js'
import { SEED_REQUEST, closeApps, fakeController, makeApp, post } from './helpers.js'

afterEach(closeApps)

describe('probes', () => {
  it('/healthz answers 200; /readyz 200 until drain(), then 503 while hooks still answer', async () => {
    const hook = makeApp()
    expect((await hook.app.inject({ url: '/healthz' })).statusCode).toBe(200)
    expect((await hook.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' })
    hook.drain()
    const readyz = await hook.app.inject({ url: '/readyz' })
    expect(readyz.statusCode).toBe(503)
    expect(readyz.json()).toEqual({ status: 'draining' })
    expect((await hook.app.inject({ url: '/healthz' })).statusCode).toBe(200)
    expect((await post(hook, '/hooks/databasecluster/sync', SEED_REQUEST)).statusCode).toBe(200)
  })
})

describe('/metrics', () => {
  async function scrape(): Promise<{ text: string; type: string | undefined }> {
    const registry = new Registry()
    const hook = makeApp({ registry, controllers: [fakeController('fails', () => { throw new HookError('Nope', 'no') })] })
    // Another app, another registry: its calls must not show here.
    await post(makeApp({ registry: new Registry() }), '/hooks/databasecluster/sync', SEED_REQUEST)
    for (const payload of [SEED_REQUEST, { nope: true }, '{not json']) await post(hook, '/hooks/fails/sync', payload)
    await post(hook, '/hooks/fails/finalize', { ...SEED_REQUEST, finalizing: true })
    const res = await hook.app.inject({ url: '/metrics' })
    expect(res.statusCode).toBe(200)
    return { text: res.body, type: String(res.headers['content-type']) }
  }

  it('counts calls by controller, hook and code, errors by their code, and latency', async () => {
    const { text, type } = await scrape()
    expect(type).toMatch(/^text\/plain/)
    expect(text).toContain('dbaas_hook_requests_total{controller="fails",hook="sync",code="500"} 3')
    expect(text).toContain('dbaas_hook_requests_total{controller="fails",hook="finalize",code="500"} 1')
    expect(text).toContain('dbaas_reconcile_errors_total{controller="fails",hook="sync",code="Nope"} 1')
    expect(text).toContain('dbaas_reconcile_errors_total{controller="fails",hook="sync",code="DBAAS_ERR_ENVELOPE"} 1')
    expect(text).toContain('dbaas_reconcile_errors_total{controller="fails",hook="sync",code="DBAAS_ERR_JSON"} 1')
    expect(text).toContain('dbaas_reconcile_time_seconds_count{controller="fails",hook="sync"} 3')
    expect(text).toContain('# TYPE dbaas_reconcile_time_seconds histogram')
    expect(text).toContain('process_resident_memory_bytes')
    expect(text).not.toContain('controller="databasecluster"')
  })

  it('counts a successful sync with code 200 and no error', async () => {
    const registry = new Registry()
    const hook = makeApp({ registry })
    await post(hook, '/hooks/databasecluster/sync', SEED_REQUEST)
    const text = (await hook.app.inject({ url: '/metrics' })).body
    expect(text).toContain('dbaas_hook_requests_total{controller="databasecluster",hook="sync",code="200"} 1')
    expect(text).toContain('dbaas_reconcile_time_seconds_count{controller="databasecluster",hook="sync"} 1')
    expect(text).not.toMatch(/^dbaas_reconcile_errors_total\{/m)
  })

  it('keeps labels bounded: no namespace, name or uid on any dbaas_ series', async () => {
    const { text } = await scrape()
    const labels = new Set([...text.matchAll(/^dbaas_\w+\{([^}]*)\}/gm)].flatMap((m) => m[1]!.split(',').map((pair) => pair.split('=')[0])))
    expect([...labels].sort()).toEqual(['code', 'controller', 'hook', 'le'])
  })
})
