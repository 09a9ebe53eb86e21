/**
 * The streaming pipeline without a database: the encryption format (round
 * trip, tampering, truncation, reordering, wrong key), framing, compression,
 * and takeBackup with a scripted engine — bounded memory under a slow
 * location, a failing location isolated, every location failing stopping the
 * dump, a dump failing or timing out leaving nothing that looks complete.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { takeBackup } from '../../runner/backup.js'
import { catalog } from '../../runner/catalog.js'
import type { BackupEngine } from '../../runner/engines/engine.js'
import { FilesystemLocation } from '../../runner/locations/filesystem.js'
import type { Location, StoredObject } from '../../runner/locations/location.js'
import { compressor, decompressor } from '../../runner/pipeline/compress.js'
import { Decrypt, Encrypt, deriveKey } from '../../runner/pipeline/encrypt.js'
import { FrameDecoder, frames } from '../../runner/pipeline/frames.js'
import { Tee } from '../../runner/pipeline/tee.js'
import { scriptedEngine } from '../support/scripted-engine.js'

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of stream) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

const seal = (plain: Buffer, key: Buffer) => collect(Readable.from([plain]).pipe(new Encrypt(key)))
const open = (sealed: Buffer, key: Buffer) => collect(Readable.from([sealed]).pipe(new Decrypt(key)))

describe('encryption format', () => {
  const key = deriveKey('k')
  const plain = crypto.randomBytes(200_000)

  it('round-trips in chunks of any size; each backup gets its own salt, so equal data encrypts differently', async () => {
    const a = await seal(plain, key)
    expect((await open(a, key)).equals(plain)).toBe(true)
    const pieces = Readable.from(Array.from({ length: 20 }, (_, i) => plain.subarray(i * 10_000, (i + 1) * 10_000)))
    expect((await collect(pieces.pipe(new Encrypt(key)).pipe(new Decrypt(key)))).equals(plain)).toBe(true)
    const b = await seal(plain, key)
    expect(a.subarray(0, 9).toString('latin1')).toBe('DBAASENC\u0002')
    expect(a.subarray(9, 41).equals(b.subarray(9, 41))).toBe(false)
    // header 41 + 4 chunks (3 full of 64 KiB, the last with the rest), each 4 + 16 bytes of overhead
    expect(a.length).toBe(41 + plain.length + 4 * 20)
    expect((await open(await seal(Buffer.alloc(0), key), key)).length).toBe(0)
  })

  it('fails on a flipped bit anywhere, truncation, dropped or swapped chunks, appended data and a wrong key', async () => {
    const sealed = await seal(plain, key)
    const chunk = 4 + 65_536 + 16
    for (const at of [3, 20, 41 + 2, 41 + 100, sealed.length - 1]) {
      const tampered = Buffer.from(sealed)
      tampered[at] = (tampered[at] ?? 0) ^ 1
      await expect(open(tampered, key)).rejects.toThrow()
    }
    await expect(open(sealed.subarray(0, 41 + chunk), key)).rejects.toThrow(/truncated/)
    const header = sealed.subarray(0, 41)
    const first = sealed.subarray(41, 41 + chunk)
    const second = sealed.subarray(41 + chunk, 41 + 2 * chunk)
    const rest = sealed.subarray(41 + 2 * chunk)
    await expect(open(Buffer.concat([header, second, first, rest]), key)).rejects.toThrow(/does not authenticate/)
    await expect(open(Buffer.concat([header, second, rest]), key)).rejects.toThrow(/does not authenticate/)
    await expect(open(Buffer.concat([sealed, Buffer.from('more')]), key)).rejects.toThrow(/after the last/)
    await expect(open(sealed, deriveKey('other'))).rejects.toThrow(/does not authenticate/)
    await expect(open(Buffer.from('plain text, not encrypted at all, long enough for a header'), key)).rejects.toThrow(/bad magic/)
  })
})

describe('framing and compression', () => {
  it('frames parts and detects a missing end marker, garbage and absurd frame lengths', async () => {
    const whole = Buffer.concat([frames.header({ name: 'db:a', format: 'x', database: 'a' }), frames.data(Buffer.from('hello')), frames.endPart(), frames.end()])
    const events: string[] = []
    for await (const e of Readable.from([whole]).pipe(new FrameDecoder())) events.push((e as { type: string }).type)
    expect(events).toEqual(['header', 'data', 'endPart', 'end'])
    const decode = (b: Buffer) => collect(Readable.from([b]).pipe(new FrameDecoder()))
    await expect(decode(whole.subarray(0, whole.length - 5))).rejects.toThrow(/truncated/)
    await expect(decode(Buffer.from('Xjunkjunk'))).rejects.toThrow(/not a backup stream/)
    await expect(decode(Buffer.from([0x44, 0xff, 0xff, 0xff, 0xff]))).rejects.toThrow(/corrupted/)
  })

  for (const kind of ['gzip', 'zstd', 'none'] as const) {
    it(`${kind} round-trips`, async () => {
      const data = Buffer.from('a compressible line of text\n'.repeat(50_000))
      const packed = await collect(Readable.from([data]).pipe(compressor(kind)))
      if (kind !== 'none') expect(packed.length).toBeLessThan(data.length / 10)
      expect((await collect(Readable.from([packed]).pipe(decompressor(kind)))).equals(data)).toBe(true)
    })
  }

  it('zstd reports corrupt input', async () => {
    await expect(collect(Readable.from([Buffer.from('definitely not zstd data')]).pipe(decompressor('zstd')))).rejects.toThrow(/zstd/)
  })
})

describe('tee', () => {
  it('goes at the pace of the slowest live branch; a failed branch is cut off and the others complete', async () => {
    const tee = new Tee(['fast', 'slow', 'broken'])
    let produced = 0
    let slowRead = 0
    let maxAhead = 0
    const source = Readable.from((function* () {
      for (let i = 0; i < 400; i++) {
        produced += 65_536
        maxAhead = Math.max(maxAhead, produced - slowRead)
        yield Buffer.alloc(65_536, i)
      }
    })())
    const read = async (i: number, each: (n: number) => Promise<void>) => {
      let n = 0
      for await (const c of tee.branches[i]!.stream) {
        n += (c as Buffer).length
        await each(n)
      }
      return n
    }
    const fast = read(0, () => Promise.resolve())
    const slow = read(1, async (n) => {
      slowRead = n
      await new Promise((r) => setImmediate(r))
    })
    const broken = read(2, (n) => (n > 1_000_000 ? Promise.reject(new Error('disk full')) : Promise.resolve())).catch((e: unknown) => {
      tee.fail('broken', (e as Error).message)
      return -1
    })
    await pipeline(source, tee)
    expect(await Promise.all([fast, slow, broken])).toEqual([400 * 65_536, 400 * 65_536, -1])
    expect(tee.branches[2]?.failed).toBe('disk full')
    // Bounded: what the slowest branch has not read yet stays within a few MiB (1 MiB per buffer on the way).
    expect(maxAhead).toBeLessThan(6 * 1024 * 1024)
  })

  it('errors once every branch has failed', async () => {
    const tee = new Tee(['a'])
    const source = Readable.from((function* () {
      for (let i = 0; i < 1000; i++) yield Buffer.alloc(65_536)
    })())
    void (async () => {
      for await (const _ of tee.branches[0]!.stream) {
        tee.fail('a', 'gone')
        break
      }
    })()
    await expect(pipeline(source, tee)).rejects.toThrow('every location failed: a: gone')
  })
})

/** A filesystem location whose uploads fail after `limit` bytes, or that reads slowly. */
class SlowOrBroken implements Location {
  readonly name: string
  private readonly inner: FilesystemLocation
  private readonly o: { failAfter?: number; delayMs?: number }
  constructor(name: string, root: string, o: { failAfter?: number; delayMs?: number }) {
    this.name = name
    this.inner = new FilesystemLocation(name, root)
    this.o = o
  }
  async put(key: string, body: Readable): Promise<void> {
    if (key.endsWith('manifest.json')) return this.inner.put(key, body)
    let seen = 0
    const sink = new Writable({
      write: (chunk: Buffer, _e, done) => {
        seen += chunk.length
        if (this.o.failAfter !== undefined && seen > this.o.failAfter) done(new Error('503 Slow Down'))
        else setTimeout(done, this.o.delayMs ?? 0)
      },
    })
    await pipeline(body, sink)
    return this.inner.put(key, Readable.from([Buffer.from('uploaded')]))
  }
  get = (key: string) => this.inner.get(key)
  list = (prefix: string): Promise<StoredObject[]> => this.inner.list(prefix)
  delete = (key: string) => this.inner.delete(key)
}

describe('takeBackup with a scripted engine', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-'))
  let t = Date.parse('2026-05-01T00:00:00Z')
  const now = () => new Date((t += 1000)).toISOString().replace(/\.\d{3}Z$/, 'Z')
  const conn = { host: 'db', port: 1, username: 'u', password: 'p', tls: 'disable' as const }
  const job = (engine: BackupEngine, locations: Location[], extra: Partial<Parameters<typeof takeBackup>[0]> = {}) => takeBackup({ engine, connection: conn, databases: [], locations, compression: 'zstd', key: deriveKey('x'), pathPrefix: 'p', now, ...extra })

  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true })
  })

  it('stores a checksummed, encrypted, compressed backup whose manifest matches the data', async () => {
    const disk = new FilesystemLocation('disk', path.join(root, 'ok'))
    const r = await job(scriptedEngine(3 * 1024 * 1024), [disk])
    expect(r.ok).toBe(true)
    const [entry] = await catalog(disk, 'p')
    expect(entry).toMatchObject({ id: r.id, complete: true, dataKey: `p/${r.id}/data.dump.zst.enc`, dataSize: r.size })
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'ok', `p/${r.id}/manifest.json`), 'utf8'))
    expect(manifest).toMatchObject({ id: r.id, engine: 'postgresql', engineVersion: '1.0', size: r.size, checksum: r.checksum, compression: 'zstd', encrypted: true, databases: [{ name: 'app', tables: 3 }], startTime: r.startTime, endTime: r.endTime })
    const stored = fs.readFileSync(path.join(root, 'ok', entry!.dataKey!))
    expect(crypto.createHash('sha256').update(stored).digest('hex')).toBe(r.checksum)
  })

  it('a dump that fails mid-way leaves no data, no partial file and no manifest anywhere', async () => {
    const a = new FilesystemLocation('a', path.join(root, 'fail-a'))
    const b = new FilesystemLocation('b', path.join(root, 'fail-b'))
    const r = await job(scriptedEngine(8 * 1024 * 1024, { failAfter: 2 * 1024 * 1024 }), [a, b])
    expect(r).toMatchObject({ ok: false, checksum: '', error: expect.stringMatching(/server closed the connection/) })
    expect(r.locations.map((l) => l.error)).toEqual([expect.stringMatching(/^the dump failed/), expect.stringMatching(/^the dump failed/)])
    expect(await a.list('')).toEqual([])
    expect(await b.list('')).toEqual([])
  })

  it('a location failing mid-upload is isolated: the other completes, the result says which failed and why', async () => {
    const good = new FilesystemLocation('good', path.join(root, 'iso-good'))
    const bad = new SlowOrBroken('bad', path.join(root, 'iso-bad'), { failAfter: 1024 * 1024 })
    const r = await job(scriptedEngine(6 * 1024 * 1024), [bad, good])
    expect(r.ok).toBe(false)
    expect(r.locations).toEqual([{ name: 'bad', ok: false, error: '503 Slow Down' }, { name: 'good', ok: true }])
    expect((await catalog(good, 'p')).map((e) => e.complete)).toEqual([true])
    expect(await bad.list('')).toEqual([])
  })

  it('when every location fails the dump is stopped early', async () => {
    const engine = scriptedEngine(512 * 1024 * 1024, { slow: true })
    const started = Date.now()
    const r = await job(engine, [new SlowOrBroken('x', path.join(root, 'all-x'), { failAfter: 100_000 }), new SlowOrBroken('y', path.join(root, 'all-y'), { failAfter: 200_000 })])
    expect(r.ok).toBe(false)
    expect(r.error).toMatch(/every location failed/)
    expect(engine.killed).toBe(1)
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('a timeout (abort) stops the dump and leaves nothing complete', async () => {
    const engine = scriptedEngine(512 * 1024 * 1024, { slow: true })
    const disk = new FilesystemLocation('disk', path.join(root, 'abort'))
    const r = await job(engine, [disk], { signal: AbortSignal.timeout(300) })
    expect(r.ok).toBe(false)
    expect(r.error).toMatch(/^stopped:/)
    expect(engine.killed).toBe(1)
    expect(await disk.list('')).toEqual([])
  })

  it('a server it cannot read fails before anything is written', async () => {
    const engine = { ...scriptedEngine(1), databases: () => Promise.reject(new Error('connection refused')) }
    const disk = new FilesystemLocation('disk', path.join(root, 'refused'))
    const r = await job(engine, [disk])
    expect(r).toMatchObject({ ok: false, error: 'cannot read the database server: connection refused', locations: [{ name: 'disk', ok: false }] })
    expect(await disk.list('')).toEqual([])
  })
})
