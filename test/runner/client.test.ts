/** The exec side: NDJSON lines from the serving process turned into stderr progress, stdout results and exit codes. */
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, EXIT, exitCode, renderList } from '../../runner/client.js'

describe('runner client', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'client-'))
  const socket = path.join(dir, 'runner.sock')
  let server: http.Server
  const answers: Record<string, string[]> = {
    '/backup': ['{"progress":"dumping db:shop"}', '{"ok":true,"result":{"id":"20260101T000000Z"}}'],
    '/busy': ['{"ok":false,"error":"another action is running (backup); try again when it is done","code":"BusyError"}'],
    '/held': ['{"ok":false,"error":"another runner (runner-b) is running a backup or restore","code":"LockHeldError"}'],
    '/failed': ['{"progress":"restoring"}', '{"ok":false,"error":"backup x does not match its checksum","code":"Error"}'],
    '/cut': ['{"progress":"dumping db:shop"}'],
  }

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' })
      for (const line of answers[req.url ?? ''] ?? []) res.write(`${line}\n`)
      res.end()
    })
    await new Promise<void>((r) => server.listen(socket, r))
  })

  afterAll(async () => {
    await new Promise((r) => server.close(r))
    fs.rmSync(dir, { recursive: true, force: true })
  })

  const run = async (p: string) => {
    let out = ''
    let err = ''
    const code = await call(socket, p, {}, { out: (t) => (out += t), err: (t) => (err += t) })
    return { code, out, err }
  }

  it('streams progress to stderr, the result to stdout, and exits with the result', async () => {
    expect(await run('/backup')).toEqual({ code: 0, out: '{\n  "id": "20260101T000000Z"\n}\n', err: 'dumping db:shop\n' })
    expect(await run('/failed')).toEqual({ code: EXIT.failed, out: '', err: 'restoring\nerror: backup x does not match its checksum\n' })
  })

  it('exits 3 when another action runs here or in another runner pod', async () => {
    expect((await run('/busy')).code).toBe(3)
    expect((await run('/held')).code).toBe(3)
    expect(exitCode({ ok: false, code: 'Usage' })).toBe(2)
  })

  it('fails clearly when the runner stops mid-answer or is not there', async () => {
    expect(await run('/cut')).toMatchObject({ code: 1, err: expect.stringMatching(/stopped before it answered/) })
    let err = ''
    expect(await call(path.join(dir, 'nobody.sock'), '/status', {}, { out: () => undefined, err: (t) => (err += t) })).toBe(1)
    expect(err).toMatch(/the runner is not serving on .*nobody\.sock/)
  })

  it('renders list as a table per location', () => {
    expect(renderList([
      { location: 'disk', backups: [{ id: '20260101T000000Z', time: '2026-01-01T00:00:00Z', complete: true, size: 1536, checksumStatus: 'ok', databases: ['shop'] }, { id: '20260102T000000Z', time: '2026-01-02T00:00:00Z', complete: false, size: 10, checksumStatus: 'incomplete' }] },
      { location: 's3', backups: [], error: 'AccessDenied' },
      { location: 'gcs', backups: [] },
    ])).toBe([
      'disk',
      '  20260101T000000Z  2026-01-01T00:00:00Z     1.5 KiB  complete    checksum ok  shop',
      '  20260102T000000Z  2026-01-02T00:00:00Z        10 B  incomplete  checksum incomplete',
      's3: cannot list (AccessDenied)',
      'gcs',
      '  (no backups)',
      '',
    ].join('\n'))
  })
})
