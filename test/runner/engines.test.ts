/** Engines whose tools are not in Debian (MongoDB) or not supported (CockroachDB): the exact commands and refusals. */
import { describe, expect, it } from 'vitest'
import { mongoArgs, mongoUri } from '../../runner/engines/mongodb.js'
import { engineFor } from '../../runner/engines/registry.js'
import { Decrypt, Encrypt, deriveKey } from '../../runner/pipeline/encrypt.js'
import { FrameDecoder, frames } from '../../runner/pipeline/frames.js'
import { Readable } from 'node:stream'

describe('mongodb engine', () => {
  it('connects with the credentials URL-encoded, through admin, TLS when required', () => {
    expect(mongoUri({ host: 'events-rs0.team-a.svc', port: 27017, username: 'backup', password: 'p@ss/word', tls: 'require' }, 'app')).toBe('mongodb://backup:p%40ss%2Fword@events-rs0.team-a.svc:27017/app?authSource=admin&tls=true')
  })

  it('dumps one database as an archive and restores it under a new name', () => {
    const part = { name: 'db:app', format: 'mongodump-archive', database: 'app' }
    expect(mongoArgs('dump', part)).toEqual(['--archive', '--db=app', '--quiet'])
    expect(mongoArgs('restore', part, 'app_restore_20260101t000000z')).toEqual(['--archive', '--nsFrom=app.*', '--nsTo=app_restore_20260101t000000z.*', '--quiet', '--stopOnError'])
  })

  it('cockroach is refused with a pointer to its own BACKUP', () => {
    expect(() => engineFor('cockroach')).toThrow(/BACKUP INTO/)
  })
})

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of stream) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

describe('encryption format', () => {
  const key = deriveKey('k')
  const plain = Buffer.alloc(200_000, 7)

  it('round-trips, and fails on tampering and on truncation', async () => {
    const sealed = await collect(Readable.from([plain]).pipe(new Encrypt(key)))
    expect((await collect(Readable.from([sealed]).pipe(new Decrypt(key)))).equals(plain)).toBe(true)
    const tampered = Buffer.from(sealed)
    tampered[100] = (tampered[100] ?? 0) ^ 1
    await expect(collect(Readable.from([tampered]).pipe(new Decrypt(key)))).rejects.toThrow()
    await expect(collect(Readable.from([sealed.subarray(0, sealed.length - 70_000)]).pipe(new Decrypt(key)))).rejects.toThrow(/truncated/)
    await expect(collect(Readable.from([sealed]).pipe(new Decrypt(deriveKey('other'))))).rejects.toThrow()
  })
})

describe('framing', () => {
  it('a stream without its end marker is truncated', async () => {
    const whole = Buffer.concat([frames.header({ name: 'db:a', format: 'x', database: 'a' }), frames.data(Buffer.from('hello')), frames.endPart(), frames.end()])
    const events = []
    for await (const e of Readable.from([whole]).pipe(new FrameDecoder())) events.push((e as { type: string }).type)
    expect(events).toEqual(['header', 'data', 'endPart', 'end'])
    await expect(collect(Readable.from([whole.subarray(0, whole.length - 5)]).pipe(new FrameDecoder()) as unknown as NodeJS.ReadableStream)).rejects.toThrow(/truncated/)
  })
})
