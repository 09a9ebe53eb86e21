/**
 * Locations on their own: the S3 location against an S3 protocol server on
 * loopback (multipart uploads of a stream bigger than a part, listing with
 * a prefix, reading back, deleting; a cut-off upload leaves no object) and
 * the filesystem location on real files (a failed write leaves nothing, not
 * even its partial file; keys cannot leave the directory).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FilesystemLocation } from '../../runner/locations/filesystem.js'
import { GcsLocation } from '../../runner/locations/gcs.js'
import type { Location } from '../../runner/locations/location.js'
import { S3Location } from '../../runner/locations/s3.js'
import { startGcs, type GcsServer } from '../support/gcs-server.js'
import { startS3, type S3Server } from '../support/s3-server.js'

const MiB = 1024 * 1024

/** `total` bytes of pseudo-random data in 64 KiB chunks, and their SHA-256. */
function randomStream(total: number, seed: number): { stream: Readable; sha256: string } {
  const chunks: Buffer[] = []
  let state = seed
  for (let done = 0; done < total; done += 64 * 1024) {
    const chunk = Buffer.alloc(Math.min(64 * 1024, total - done))
    for (let i = 0; i < chunk.length; i += 4) {
      state = (state * 1103515245 + 12345) >>> 0
      chunk.writeUInt32LE(state, i)
    }
    chunks.push(chunk)
  }
  const hash = crypto.createHash('sha256')
  for (const c of chunks) hash.update(c)
  return { stream: Readable.from(chunks), sha256: hash.digest('hex') }
}

async function sha256(location: Location, key: string): Promise<string> {
  const hash = crypto.createHash('sha256')
  for await (const c of await location.get(key)) hash.update(c as Buffer)
  return hash.digest('hex')
}

describe('S3 location', () => {
  let s3: S3Server
  let location: S3Location

  beforeAll(async () => {
    s3 = await startS3('backups')
    location = new S3Location('s3', { bucket: 'backups', prefix: 'prod/', endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, partSize: 5 * MiB })
  })

  afterAll(async () => {
    await s3.stop()
  })

  it('uploads a 17 MiB stream as a multipart upload, lists it under its prefix, reads it back intact and deletes it', async () => {
    const data = randomStream(17 * MiB, 1)
    s3.requests.length = 0
    await location.put('team-a/shop/20260101T000000Z/data.dump.zst', data.stream)
    const parts = s3.requests.filter((r) => /^PUT \/backups\/prod\/team-a\/shop\/20260101T000000Z\/data\.dump\.zst\?.*partNumber=\d+/.test(r))
    expect(parts).toHaveLength(4)
    expect(s3.requests.some((r) => /^POST .*\?uploads/.test(r))).toBe(true)
    expect(s3.requests.some((r) => /^POST .*\?uploadId=/.test(r))).toBe(true)
    await location.put('team-a/shop/20260101T000000Z/manifest.json', Readable.from([Buffer.from('{}')]))
    await location.put('team-a/other/20260101T000000Z/manifest.json', Readable.from([Buffer.from('{}')]))
    expect(await location.list('team-a/shop/')).toEqual([
      { key: 'team-a/shop/20260101T000000Z/data.dump.zst', size: 17 * MiB },
      { key: 'team-a/shop/20260101T000000Z/manifest.json', size: 2 },
    ])
    expect(await sha256(location, 'team-a/shop/20260101T000000Z/data.dump.zst')).toBe(data.sha256)
    await location.delete('team-a/shop/20260101T000000Z/data.dump.zst')
    await location.delete('team-a/shop/20260101T000000Z/manifest.json')
    expect(await location.list('team-a/shop/')).toEqual([])
    expect(await location.list('team-a/')).toHaveLength(1)
  }, 60_000)

  it('an upload cut off in its second part fails and leaves no object', async () => {
    s3.cutUploadsAfter(1 * MiB)
    try {
      await expect(location.put('team-a/cut/20260101T000000Z/data.dump', randomStream(12 * MiB, 2).stream)).rejects.toThrow()
    } finally {
      s3.cutUploadsAfter(undefined)
    }
    expect(await location.list('team-a/cut/')).toEqual([])
  }, 60_000)
})

describe('GCS location (the official client against a JSON API server on loopback)', () => {
  let gcs: GcsServer
  let location: GcsLocation

  beforeAll(async () => {
    gcs = await startGcs('backups', 2)
    location = new GcsLocation('gcs', { bucket: 'backups', prefix: 'prod', apiEndpoint: gcs.endpoint })
  })

  afterAll(async () => {
    await gcs.stop()
  })

  it('uploads a stream as a resumable upload with a crc32c check, lists across pages, reads back intact and deletes', async () => {
    const data = randomStream(6 * MiB, 4)
    await location.put('team-a/shop/20260101T000000Z/data.dump.gz', data.stream)
    expect(gcs.requests.some((r) => /^POST \/upload\/storage\/v1\/b\/backups\/o\?.*uploadType=resumable/.test(r))).toBe(true)
    expect(gcs.requests.some((r) => /^PUT \/upload\/storage\/v1\/b\/backups\/o\?.*upload_id=/.test(r))).toBe(true)
    for (const key of ['manifest.json', 'other']) await location.put(`team-a/shop/20260101T000000Z/${key}`, Readable.from([Buffer.from('{}')]))
    await location.put('team-a/other/20260101T000000Z/manifest.json', Readable.from([Buffer.from('{}')]))
    expect([...gcs.objects.keys()]).toContain('prod/team-a/shop/20260101T000000Z/data.dump.gz')
    expect(await location.list('team-a/shop/')).toEqual([
      { key: 'team-a/shop/20260101T000000Z/data.dump.gz', size: 6 * MiB },
      { key: 'team-a/shop/20260101T000000Z/manifest.json', size: 2 },
      { key: 'team-a/shop/20260101T000000Z/other', size: 2 },
    ])
    expect(await sha256(location, 'team-a/shop/20260101T000000Z/data.dump.gz')).toBe(data.sha256)
    for (const o of await location.list('team-a/shop/')) await location.delete(o.key)
    expect(await location.list('team-a/shop/')).toEqual([])
    expect(await location.list('team-a/')).toHaveLength(1)
  }, 60_000)

  it('an upload cut off mid-way fails and leaves no object', async () => {
    gcs.cutUploadsAfter(1 * MiB)
    try {
      await expect(location.put('team-a/cut/20260101T000000Z/data.dump', randomStream(4 * MiB, 5).stream)).rejects.toThrow()
    } finally {
      gcs.cutUploadsAfter(undefined)
    }
    expect(await location.list('team-a/cut/')).toEqual([])
  }, 60_000)

  it('reading a missing object fails', async () => {
    await expect(sha256(location, 'team-a/none/20260101T000000Z/data.dump')).rejects.toThrow()
  })
})

describe('filesystem location', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-location-'))
  const location = new FilesystemLocation('disk', root)

  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true })
  })

  it('writes through a partial file renamed into place, reads, lists and deletes', async () => {
    const data = randomStream(3 * MiB, 3)
    await location.put('a/20260101T000000Z/data.dump', data.stream)
    expect(fs.readdirSync(path.join(root, 'a/20260101T000000Z'))).toEqual(['data.dump'])
    expect(await sha256(location, 'a/20260101T000000Z/data.dump')).toBe(data.sha256)
    expect(await location.list('a/')).toEqual([{ key: 'a/20260101T000000Z/data.dump', size: 3 * MiB }])
    expect(await location.list('')).toEqual([{ key: 'a/20260101T000000Z/data.dump', size: 3 * MiB }])
    await location.delete('a/20260101T000000Z/data.dump')
    expect(await location.list('a/')).toEqual([])
    expect(fs.readdirSync(root)).toEqual([])
  })

  it('a stream that fails mid-way leaves neither the file nor its partial', async () => {
    const failing = Readable.from((async function* () {
      yield Buffer.alloc(100_000, 1)
      await new Promise((r) => setTimeout(r, 20))
      throw new Error('the dump died')
    })())
    await expect(location.put('b/20260101T000000Z/data.dump', failing)).rejects.toThrow('the dump died')
    expect(fs.existsSync(path.join(root, 'b'))).toBe(false)
  })

  it('keys cannot leave the location, and a missing key is an error', async () => {
    await expect(location.put('../escape', Readable.from([Buffer.from('x')]))).rejects.toThrow(/leaves the location/)
    await expect(location.get('nothing/here')).rejects.toThrow(/ENOENT/)
  })
})
