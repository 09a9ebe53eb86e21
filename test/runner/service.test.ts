/**
 * The runner service with a scripted engine and real files: what it reports,
 * retention after a success (manifest deleted first, stale incomplete
 * backups removed) and none after a failure, one action at a time, the
 * scheduled run decided again from the stored report once it holds the Lease,
 * verification with nothing to verify, and a Lease held elsewhere.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import type { RunnerConfig, RunnerReport } from '../../api/runner.js'
import { catalog } from '../../runner/catalog.js'
import { LockHeldError, type Lock } from '../../runner/lease.js'
import { FilesystemLocation } from '../../runner/locations/filesystem.js'
import type { ReportSink } from '../../runner/report.js'
import { BusyError, RunnerService } from '../../runner/service.js'
import { scriptedEngine } from '../support/scripted-engine.js'

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'service-'))
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true })
})

const CONFIG: RunnerConfig = {
  apiVersion: 'backup.dbaas.io/v1alpha1',
  kind: 'RunnerConfig',
  backup: { name: 'shop', namespace: 'team-a', uid: 'uid-shop' },
  engine: 'postgresql',
  target: { host: 'db', port: 5432, databases: [], tls: 'disable' },
  schedule: '6h',
  timeZone: 'UTC',
  suspend: false,
  timeoutSeconds: 3600,
  retention: { keep: { last: 2 }, minKeep: 1 },
  storage: { compression: 'gzip', encryption: false, pathPrefix: 'team-a/shop', locations: [{ name: 'disk', filesystem: { path: '/backups/disk' } }] },
  report: { configMap: 'shop-report' },
  lease: { name: 'shop-lock' },
}

class RecordingLocation extends FilesystemLocation {
  readonly deleted: string[] = []
  override async delete(key: string): Promise<void> {
    this.deleted.push(key)
    await super.delete(key)
  }
}

function memorySink(initial?: RunnerReport): ReportSink & { stored: RunnerReport | undefined } {
  const sink = {
    stored: initial,
    read: () => Promise.resolve(sink.stored),
    write: (r: RunnerReport) => {
      sink.stored = JSON.parse(JSON.stringify(r)) as RunnerReport
      return Promise.resolve()
    },
  }
  return sink
}

const free: Lock = { acquire: () => Promise.resolve(), release: () => Promise.resolve() }

function setup(name: string, o: { size?: number; failAfter?: number; sink?: ReturnType<typeof memorySink>; lock?: Lock; start?: string } = {}) {
  let t = Date.parse(o.start ?? '2026-03-01T00:00:00Z')
  const now = () => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z')
  const location = new RecordingLocation('disk', path.join(root, name))
  const sink = o.sink ?? memorySink()
  const engine = scriptedEngine(o.size ?? 300_000, o.failAfter === undefined ? {} : { failAfter: o.failAfter })
  const service = new RunnerService({ config: CONFIG, engine, connection: { host: 'db', port: 5432, username: 'u', password: 'p', tls: 'disable' }, locations: [location], key: undefined, lock: o.lock ?? free, sink, now, startedAt: now() })
  return { service, location, sink, engine, advance: (seconds: number) => { t += seconds * 1000 } }
}

describe('runner service', () => {
  it('records each backup in the report; keeps the last 2, deleting the manifest of an expired backup before its data', async () => {
    const s = setup('retention')
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const r = await s.service.backup({ progress: () => undefined })
      expect(r?.ok).toBe(true)
      ids.push(r!.id)
      s.advance(3600)
    }
    expect((await catalog(s.location, 'team-a/shop')).map((e) => e.id)).toEqual(ids.slice(1))
    expect(s.location.deleted).toEqual([`team-a/shop/${ids[0]!}/manifest.json`, `team-a/shop/${ids[0]!}/data.dump.gz`])
    expect(s.sink.stored).toMatchObject({ consecutiveFailures: 0, lastBackup: { id: ids[2], ok: true }, stored: [{ location: 'disk', count: 2, oldest: expect.any(String), newest: expect.any(String) }] })
    expect(s.sink.stored?.running).toBeUndefined()
    expect(s.sink.stored?.lastScheduledTime).toBeUndefined()
  })

  it('after a failed backup nothing is deleted, not even stale leftovers; after the next success they go', async () => {
    const s = setup('failed')
    const first = await s.service.backup({ progress: () => undefined })
    await s.location.put('team-a/shop/20260101T000000Z/data.dump.gz.partial', Readable.from([Buffer.from('crashed run')]))
    s.advance(3600)
    const broken = setup('failed', { failAfter: 65_536, sink: s.sink, start: '2026-03-01T02:00:00Z' })
    await broken.service.load()
    const progress: string[] = []
    const failed = await broken.service.backup({ progress: (m) => progress.push(m) })
    expect(failed?.ok).toBe(false)
    expect(progress.some((p) => p.includes('nothing deleted (the last run failed'))).toBe(true)
    expect(broken.sink.stored).toMatchObject({ consecutiveFailures: 1, lastFailure: { error: expect.stringMatching(/server closed the connection/) }, lastSuccessfulTime: first?.endTime })
    expect((await catalog(s.location, 'team-a/shop')).map((e) => e.id)).toEqual(['20260101T000000Z', first!.id])
    const again = setup('failed', { sink: s.sink, start: '2026-03-01T04:00:00Z' })
    await again.service.load()
    expect((await again.service.backup({ progress: () => undefined }))?.ok).toBe(true)
    expect(again.sink.stored?.consecutiveFailures).toBe(0)
    expect((await catalog(s.location, 'team-a/shop')).map((e) => e.complete)).toEqual([true, true])
  })

  it('one action at a time: a second one is refused with BusyError while the first runs', async () => {
    const s = setup('busy', { size: 20 * 1024 * 1024 })
    const first = s.service.backup({ progress: () => undefined })
    await expect(s.service.backup({ progress: () => undefined })).rejects.toThrow(BusyError)
    await expect(s.service.verify(() => undefined)).rejects.toThrow(/another action is running \(backup\)/)
    expect((await first)?.ok).toBe(true)
    expect(s.service.status()).toMatchObject({ locations: ['disk'], schedule: { problems: [] } })
  })

  it('a scheduled backup another runner already took (the stored report says so) is skipped', async () => {
    const sink = memorySink()
    const s = setup('scheduled', { sink })
    expect(s.service.decision('2026-03-01T00:00:00Z').due).toBe('backup')
    sink.stored = { consecutiveFailures: 0, stored: [], lastScheduledTime: '2026-03-01T00:00:00Z' }
    expect(await s.service.backup({ progress: () => undefined, scheduled: true })).toBeUndefined()
    expect(await s.location.list('')).toEqual([])
    s.advance(6 * 3600)
    const r = await s.service.backup({ progress: () => undefined, scheduled: true })
    expect(r?.ok).toBe(true)
    expect(sink.stored.lastScheduledTime).toBe(r?.startTime)
  })

  it('verification with no backup fails and is recorded; a Lease held by another runner refuses the action', async () => {
    const s = setup('verify-none')
    await expect(s.service.verify(() => undefined)).rejects.toThrow(/no usable backup: disk: there is no complete, successful backup/)
    expect(s.sink.stored?.lastVerification).toMatchObject({ ok: false, message: expect.stringMatching(/no usable backup/) })
    const held = setup('held', { lock: { acquire: () => Promise.reject(new LockHeldError('runner-b')), release: () => Promise.resolve() } })
    await expect(held.service.backup({ progress: () => undefined })).rejects.toThrow('another runner (runner-b) is running a backup or restore')
    await expect(held.service.backup({ progress: () => undefined })).rejects.toThrow(LockHeldError)
    expect(held.sink.stored?.running).toBeUndefined()
  })
})
