/**
 * The runner against real servers: PostgreSQL and MariaDB (from Debian,
 * installed by .ci/run), a filesystem location on real files and an S3
 * protocol server on loopback. Back up known rows, drop the database, restore
 * by id and by time, compare; a corrupted backup is refused and listed as
 * such; a location failing mid-upload leaves the others complete.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type Readable, Transform } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { takeBackup } from '../../runner/backup.js'
import { catalog } from '../../runner/catalog.js'
import type { BackupEngine, Connection } from '../../runner/engines/engine.js'
import { mysqlEngine } from '../../runner/engines/mysql.js'
import { postgresql } from '../../runner/engines/postgresql.js'
import { listBackups } from '../../runner/listing.js'
import { FilesystemLocation } from '../../runner/locations/filesystem.js'
import type { Location } from '../../runner/locations/location.js'
import { S3Location } from '../../runner/locations/s3.js'
import { deriveKey } from '../../runner/pipeline/encrypt.js'
import { locate, restoreBackup, verifyBackup } from '../../runner/restore.js'
import { requireMariadb, startMariadb } from '../support/mariadb-server.js'
import { requirePostgres, startPostgres } from '../support/postgres-server.js'
import { startS3, type S3Server } from '../support/s3-server.js'
import type { Server } from '../support/server-process.js'

const KEY = deriveKey('a-test-encryption-key')
const PREFIX = 'team-a/shop-backup'
let clock = Date.parse('2026-03-01T02:00:00Z')
const now = () => new Date((clock += 1000)).toISOString().replace(/\.\d{3}Z$/, 'Z')

/** A location whose uploads break after `limit` bytes: a network drop in the middle of an upload. */
class FailingLocation implements Location {
  readonly name = 'flaky'
  private readonly inner: Location
  constructor(inner: Location) {
    this.inner = inner
  }
  put(key: string, body: Readable): Promise<void> {
    let seen = 0
    const cut = new Transform({
      transform(chunk: Buffer, _e, done) {
        seen += chunk.length
        done(seen > 2000 ? new Error('connection reset by peer') : null, chunk)
      },
    })
    return this.inner.put(key, body.pipe(cut))
  }
  get = (key: string) => this.inner.get(key)
  list = (prefix: string) => this.inner.list(prefix)
  delete = (key: string) => this.inner.delete(key)
}

interface Case {
  name: string
  engine: BackupEngine
  available: () => boolean
  start: () => Promise<Server>
  sql: (c: Connection, db: string, query: string) => string
  compression: 'gzip' | 'zstd'
  admin: string
  series: string
}

const psql = (c: Connection, db: string, q: string) => execFileSync('psql', ['-h', c.host, '-p', String(c.port), '-U', c.username, '-d', db, '-XAt', '-v', 'ON_ERROR_STOP=1', '-c', q], { env: { ...process.env, PGPASSWORD: c.password }, encoding: 'utf8' }).trim()
const maria = (c: Connection, db: string, q: string) => execFileSync('mariadb', ['--no-defaults', '-h', c.host, '-P', String(c.port), '-u', c.username, '--protocol=TCP', '-N', '-B', ...(db === '' ? [] : [db]), '-e', q], { env: { ...process.env, MYSQL_PWD: c.password }, encoding: 'utf8' }).trim()

const CASES: Case[] = [
  { name: 'PostgreSQL', engine: postgresql, available: requirePostgres, start: startPostgres, sql: psql, compression: 'gzip', admin: 'postgres', series: "SELECT n, n * 10, 'order ' || n FROM generate_series(1, 5000) AS n" },
  { name: 'MariaDB', engine: mysqlEngine('mariadb'), available: requireMariadb, start: startMariadb, sql: maria, compression: 'zstd', admin: '', series: "SELECT seq, seq * 10, CONCAT('order ', seq) FROM seq_1_to_5000" },
]

for (const c of CASES) {
  describe.runIf(c.available())(`${c.name}: back up, drop, restore`, () => {
    let server: Server
    let conn: Connection
    let s3: S3Server
    let locations: Location[]
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backups-'))
    const rows = (db = 'shop') => c.sql(conn, db, 'SELECT count(*), sum(amount), max(note) FROM orders')

    beforeAll(async () => {
      server = await c.start()
      conn = { host: '127.0.0.1', port: server.port, username: server.username, password: server.password, tls: 'disable' }
      s3 = await startS3('backups')
      locations = [new FilesystemLocation('disk', dir), new S3Location('s3', { bucket: 'backups', prefix: 'prod', endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } })]
      c.sql(conn, c.admin, 'CREATE DATABASE shop')
      c.sql(conn, 'shop', 'CREATE TABLE orders (id int primary key, amount int, note varchar(200))')
      c.sql(conn, 'shop', `INSERT INTO orders ${c.series}`)
    }, 120_000)

    afterAll(async () => {
      await server.stop()
      await s3.stop()
      fs.rmSync(dir, { recursive: true, force: true })
    })

    const job = (extra: Partial<Parameters<typeof takeBackup>[0]> = {}) => takeBackup({ engine: c.engine, connection: conn, databases: ['shop'], locations, compression: c.compression, key: KEY, pathPrefix: PREFIX, now, ...extra })

    it('backs up to every location with a manifest; restores by id in place and by time into a new database', async () => {
      const expected = rows()
      expect(expected).toMatch(/^5000[\s|]+125025000[\s|]+order 999$/)
      const first = await job()
      expect(first).toMatchObject({ ok: true, locations: [{ name: 'disk', ok: true }, { name: 's3', ok: true }] })
      expect(first.checksum).toMatch(/^[0-9a-f]{64}$/)
      for (const l of locations) expect((await catalog(l, PREFIX)).map((e) => [e.id, e.complete])).toEqual([[first.id, true]])
      c.sql(conn, 'shop', 'DELETE FROM orders WHERE id > 100')
      const second = await job()
      expect(second.ok).toBe(true)

      c.sql(conn, c.admin, 'DROP DATABASE shop')
      const byId = await locate(locations, PREFIX, { id: first.id })
      expect(byId.manifest).toMatchObject({ id: first.id, engine: c.engine.name, checksum: first.checksum, size: first.size, encrypted: true, compression: c.compression, databases: [{ name: 'shop', tables: 1 }] })
      const restore = (target: Parameters<typeof restoreBackup>[0]['target'], found = byId) => restoreBackup({ engine: c.engine, connection: conn, location: found.location, manifest: found.manifest, key: KEY, target })
      await expect(restore({ inPlace: { confirm: 'wrong' } })).rejects.toThrow(/confirm with exactly that/)
      expect(await restore({ inPlace: { confirm: 'shop' } })).toEqual(['shop'])
      expect(rows()).toBe(expected)

      // From the S3 location alone: the newest backup taken at or before the second one's start.
      const at = await locate([locations[1]!], PREFIX, { at: new Date(Date.parse(second.startTime) + 500).toISOString() })
      expect(at.manifest.id).toBe(second.id)
      expect(await restore({ to: 'shop_copy' }, at)).toEqual(['shop_copy'])
      expect(c.sql(conn, 'shop_copy', 'SELECT count(*) FROM orders')).toBe('100')
      await expect(restore({ to: 'shop_copy' }, at)).rejects.toThrow(/exists already/)
      await expect(locate(locations, PREFIX, { at: '2020-01-01T00:00:00Z' })).rejects.toThrow(/no backup started at or before/)
    }, 180_000)

    it('verification restores into a scratch database and checks it; a corrupted backup is refused and listed as such', async () => {
      const b = await job()
      const found = await locate([locations[0]!], PREFIX, { id: b.id })
      expect(await verifyBackup({ engine: c.engine, connection: conn, location: found.location, manifest: found.manifest, key: KEY })).toMatchObject({ ok: true })
      expect(await c.engine.exists(conn, `dbaas_verify_shop_restore_${b.id.toLowerCase()}`)).toBe(false)
      const file = path.join(dir, found.manifest.dataKey)
      const bytes = fs.readFileSync(file)
      const middle = Math.floor(bytes.length / 2)
      bytes[middle] = (bytes[middle] ?? 0) ^ 0xff
      fs.writeFileSync(file, bytes)
      await expect(restoreBackup({ engine: c.engine, connection: conn, location: found.location, manifest: found.manifest, key: KEY, target: { to: 'never' } })).rejects.toThrow(/does not match its checksum: refusing to restore it/)
      expect(await c.engine.exists(conn, 'never')).toBe(false)
      expect(await verifyBackup({ engine: c.engine, connection: conn, location: found.location, manifest: found.manifest, key: KEY })).toMatchObject({ ok: false, message: expect.stringMatching(/checksum/) })
      const [disk] = await listBackups([locations[0]!], PREFIX, true, () => undefined)
      expect(disk?.backups.find((x) => x.id === b.id)).toMatchObject({ complete: true, checksumStatus: 'mismatch' })
      expect(disk?.backups.filter((x) => x.id !== b.id).every((x) => x.checksumStatus === 'ok')).toBe(true)
      const [quick] = await listBackups([locations[0]!], PREFIX, false, () => undefined)
      expect(quick?.backups.every((x) => x.checksumStatus === 'unchecked')).toBe(true)
    }, 180_000)

    it('a location failing mid-upload leaves the others complete, and the failure is recorded per location', async () => {
      const flakyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flaky-'))
      const flaky = new FailingLocation(new FilesystemLocation('flaky', flakyDir))
      const result = await job({ locations: [locations[0]!, flaky] })
      expect(result.ok).toBe(false)
      expect(result.locations).toEqual([{ name: 'disk', ok: true }, { name: 'flaky', ok: false, error: 'connection reset by peer' }])
      expect((await catalog(locations[0]!, PREFIX)).find((e) => e.id === result.id)?.complete).toBe(true)
      expect(await flaky.list('')).toEqual([])
      fs.rmSync(flakyDir, { recursive: true, force: true })
    }, 180_000)

    it('an S3 upload cut off mid-way leaves the filesystem backup complete and nothing in the bucket', async () => {
      const before = (await catalog(locations[1]!, PREFIX)).map((e) => e.id)
      s3.cutUploadsAfter(1000)
      try {
        const result = await job()
        expect(result.ok).toBe(false)
        expect(result.locations[0]).toEqual({ name: 'disk', ok: true })
        expect(result.locations[1]).toMatchObject({ name: 's3', ok: false })
        expect((await catalog(locations[0]!, PREFIX)).find((e) => e.id === result.id)?.complete).toBe(true)
        expect((await catalog(locations[1]!, PREFIX)).map((e) => e.id)).toEqual(before)
      } finally {
        s3.cutUploadsAfter(undefined)
      }
    }, 180_000)

    it('a dump that fails (a database that does not exist) fails the backup everywhere and leaves nothing', async () => {
      const before = await Promise.all(locations.map(async (l) => (await l.list(PREFIX)).length))
      const result = await job({ databases: ['shop', 'no_such_db'] })
      expect(result.ok).toBe(false)
      expect(result.error).toMatch(/no_such_db/)
      expect(result.locations.every((l) => !l.ok)).toBe(true)
      expect(await Promise.all(locations.map(async (l) => (await l.list(PREFIX)).length))).toEqual(before)
    }, 180_000)
  })
}
