/** One JSON summary line per hook call, with string levels and ISO times; never a Secret's data. */
import { afterEach, describe, expect, it } from 'vitest'
import { HookError } from '../../providers/shared/errors.js'
import type { KObject } from '../../providers/shared/kube.js'
import { S3_CLASS, S3_SECRET, SEED_SPEC, b64, databaseCluster, syncRequest } from '../support/clusters.js'
import { SEED_REQUEST, capturedLogger, closeApps, fakeController, makeApp, post } from './helpers.js'

afterEach(closeApps)

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
const SECRET_VALUE = 'not-a-real-secret-value'

describe('hook call logs', () => {
  it('one line per call: controller, hook, parent, uid, generation, children, duration, result; errors with code and message', async () => {
    const log = capturedLogger()
    const hook = makeApp({ logger: log.logger })
    const withBackup = syncRequest(databaseCluster('pg', { ...SEED_SPEC, backup: { storageClassName: 's3-default' } }), [], [S3_CLASS, S3_SECRET])
    const ok = await post(hook, '/hooks/databasecluster/sync', withBackup)
    expect(ok.statusCode).toBe(200)
    await post(hook, '/hooks/databasecluster/sync', { ...SEED_REQUEST, children: [] })
    await post(hook, '/hooks/databasecluster/finalize', '{"parent":')
    const lines = log.lines
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatchObject({ level: 'info', controller: 'databasecluster', hook: 'sync', parent: 'team-a/pg', uid: 'uid-pg', generation: 1, children: ok.json().children.length, result: 'ok' })
    expect(lines[1]).toMatchObject({ level: 'error', controller: 'databasecluster', hook: 'sync', parent: 'team-a/postgresql-demo', uid: 'uid-postgresql-demo', result: 'error', error: { code: 'DBAAS_ERR_ENVELOPE', message: expect.stringContaining('/children') } })
    expect(lines[2]).toMatchObject({ level: 'error', controller: 'databasecluster', hook: 'finalize', result: 'error', error: { code: 'DBAAS_ERR_JSON' } })
    for (const line of lines) {
      expect(line.time).toMatch(ISO)
      expect(typeof line.durationMs).toBe('number')
      expect(line).not.toHaveProperty('req')
      expect(line).not.toHaveProperty('res')
    }
  })

  it('a provider HookError is logged with its code; an internal error with its stack in the log, not in the body', async () => {
    const log = capturedLogger()
    const hook = makeApp({ logger: log.logger, controllers: [fakeController('a', () => { throw new HookError('Refused', 'cannot') }), fakeController('b', () => { throw new RangeError('bad index') })] })
    await post(hook, '/hooks/a/sync', SEED_REQUEST)
    const internal = await post(hook, '/hooks/b/sync', SEED_REQUEST)
    expect(log.lines[0]).toMatchObject({ level: 'error', controller: 'a', error: { code: 'Refused', message: 'cannot' } })
    expect(log.lines[1]).toMatchObject({ level: 'error', controller: 'b', error: { code: 'DBAAS_ERR_INTERNAL', message: expect.stringContaining('bad index'), stack: expect.stringContaining('RangeError') } })
    expect(internal.body).not.toContain('RangeError: bad index\n')
  })

  it('never logs Secret data: not from related Secrets, Secret children, or the parent', async () => {
    const log = capturedLogger('trace')
    const hook = makeApp({ logger: log.logger })
    const parent: KObject = { ...databaseCluster('pg', { ...SEED_SPEC, backup: { storageClassName: 's3-default' } }), data: { password: b64('parent-data-value') } }
    const res = await post(hook, '/hooks/databasecluster/sync', syncRequest(parent, [], [S3_CLASS, S3_SECRET]))
    await post(hook, '/hooks/databasecluster/sync', `{"parent": {"data": "${SECRET_VALUE}"`)
    const childSecrets = (res.json().children as KObject[]).filter((c) => c.kind === 'Secret')
    expect(childSecrets.length).toBeGreaterThan(0)
    const all = log.raw.join('')
    expect(log.lines).toHaveLength(2)
    const childValues = childSecrets.flatMap((s) => [...Object.values((s.data ?? {}) as Record<string, string>), ...Object.values((s.stringData ?? {}) as Record<string, string>)])
    expect(childValues.length).toBeGreaterThan(0)
    for (const secret of [SECRET_VALUE, b64(SECRET_VALUE), 'parent-data-value', b64('parent-data-value'), ...childValues]) {
      expect(all).not.toContain(secret)
    }
  })

  it('redacts data, stringData and the authorization header wherever a log call passes them', () => {
    const log = capturedLogger()
    log.logger.info({ secret: { data: { k: 'AAA' }, stringData: { k: 'BBB' } }, req: { headers: { authorization: 'Bearer CCC' } } }, 'x')
    expect(log.raw.join('')).not.toMatch(/AAA|BBB|CCC/)
    expect(log.lines[0]).toMatchObject({ secret: { data: '[redacted]', stringData: '[redacted]' }, req: { headers: { authorization: '[redacted]' } } })
  })

  it('probes, metrics and unknown paths write no request log lines', async () => {
    const log = capturedLogger('debug')
    const hook = makeApp({ logger: log.logger })
    for (const url of ['/healthz', '/readyz', '/metrics', '/nowhere']) await hook.app.inject({ url })
    expect(log.lines).toEqual([])
  })
})
