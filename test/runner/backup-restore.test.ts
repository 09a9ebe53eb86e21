/**
 * The runner against real servers: PostgreSQL and MariaDB (from Debian,
 * installed by .ci/run), a filesystem location and an S3 protocol server on
 * loopback. Back up known rows, drop the database, restore by id and by time,
 * compare; a corrupted backup is refused; a failing location leaves the
 * others complete.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable, Transform } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { takeBackup } from '../../runner/backup.js'
import { catalog } from '../../runner/catalog.js'
import type { BackupEngine, Connection } from '../../runner/engines/engine.js'
import { mysqlEngine } from '../../runner/engines/mysql.js'
import { postgresql } from '../../runner/engines/postgresql.js'
import { FilesystemLocation } from '../../runner/locations/filesystem.js'
import type { Location } from '../../runner/locations/location.js'
import { S3Location } from '../../runner/locations/s3.js'
import { deriveKey } from '../../runner/pipeline/encrypt.js'
import { locate, restoreBackup, verifyBackup } from '../../runner/restore.js'
import { type Server, requireServer, startMariadb, startPostgres } from '../support/db-servers.js'
import { startS3 } from '../support/s3-server.js'

const KEY = deriveKey('a-test-encryption-key')
let clock = Date.parse('2026-03-01T02:00:00Z')
const now = () => new Date((clock += 1000)).toISOString().replace(/\.\d{3}Z$/, 'Z')

/** A location that fails after `limit` bytes: a network drop in the middle of an upload. */
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
  start: () => Promise<Server>
  sql: (c: Connection, db: string, query: string) => string
  compression: 'gzip' | 'zstd'
  kind: 'postgresql' | 'mariadb'
}

const psql = (c: Connection, db: string, q: string) => execFileSync('psql', ['-h', c.host, '-p', String(c.port), '-U', c.username, '-d', db, '-XAt', '-v', 'ON_ERROR_STOP=1', '-c', q], { env: { ...process.env, PGPASSWORD: c.password }, encoding: 'utf8' }).trim()
const maria = (c: Connection, db: string, q: string) => execFileSync('mariadb', ['-h', c.host, '-P', String(c.port), '-u', c.username, '--protocol=TCP', '-N', '-B', ...(db === '' ? [] : [db]), '-e', q], { env: { ...process.env, MYSQL_PWD: c.password }, encoding: 'utf8' }).trim()

const CASES: Case[] = [
  { name: 'PostgreSQL', engine: postgresql, start: startPostgres, sql: psql, compression: 'gzip', kind: 'postgresql' },
  { name: 'MariaDB', engine: mysqlEngine('mariadb'), start: startMariadb, sql: maria, compression: 'zstd', kind: 'mariadb' },
]

for (const c of CASES) {
  describe.runIf(requireServer(c.kind))(`${c.name}: back up, drop, restore`, () => {
    let server: Server
    let conn: Connection
    let s3: Awaited<ReturnType<typeof startS3>>
    let locations: Location[]
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backups-'))
    const admin = c.kind === 'postgresql' ? 'postgres' : ''
    const rows = () => c.sql(conn, 'shop', 'SELECT count(*), sum(amount) FROM orders')

    beforeAll(async () => {
      server = await c.start()
      conn = { host: '127.0.0.1', port: server.port, username: server.username, password: server.password, tls: 'disable' }
      s3 = await startS3('backups')
      locations = [new FilesystemLocation('disk', dir), new S3Location('s3', { bucket: 'backups', prefix: 'prod', endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } })]
      c.sql(conn, admin, 'CREATE DATABASE shop')
      c.sql(conn, 'shop', 'CREATE TABLE orders (id int primary key, amount int, note varchar(200))')
      c.sql(conn, 'shop', `INSERT INTO orders SELECT n, n * 10, 'order ' || n FROM ${c.kind === 'postgresql' ? 'generate_series(1, 5000) AS n' : '(SELECT seq AS n FROM seq_1_to_5000) s'}`.replace("'order ' || n", c.kind === 'postgresql' ? "'order ' || n" : "CONCAT('order ', n)"))
    }, 120_000)

    afterAll(async () => {
      await server.stop()
      await s3.stop()
      fs.rmSync(dir, { recursive: true, force: true })
    })

    const job = (extra: Partial<Parameters<typeof takeBackup>[0]> = {}) => takeBackup({ engine: c.engine, connection: conn, databases: ['shop'], locations, compression: c.compression, key: KEY, pathPrefix: 'team-a/shop-backup', now, ...extra })

    it('backs up to every location, complete with a manifest, restores by id in place and by time into a new database', async () => {
      const expected = rows()
      expect(expected).toMatch(/^5000\W+125025000$/)
      const first = await job()
      expect(first).toMatchObject({ ok: true, locations: [{ name: 'disk', ok: true }, { name: 's3', ok: true }] })
      expect(first.checksum).toMatch(/^[0-9a-f]{64}$/)
      for (const l of locations) expect((await catalog(l, 'team-a/shop-backup')).map((e) => [e.id, e.complete])).toEqual([[first.id, true]])
      c.sql(conn, 'shop', 'DELETE FROM orders WHERE id > 100')
      const second = await job()
      expect(second.ok).toBe(true)

      c.sql(conn, admin, 'DROP DATABASE shop')
      const byId = await locate(locations, 'team-a/shop-backup', { id: first.id })
      await expect(restoreBackup({ engine: c.engine, connection: conn, location: byId.location, manifest: byId.manifest, key: KEY, target: { inPlace: { confirm: 'wrong' } } })).rejects.toThrow(/confirm with exactly that/)
      expect(await restoreBackup({ engine: c.engine, connection: conn, location: byId.location, manifest: byId.manifest, key: KEY, target: { inPlace: { confirm: 'shop' } } })).toEqual(['shop'])
      expect(rows()).toBe(expected)

      const at = await locate([locations[1]!], 'team-a/shop-backup', { at: second.startTime })
      expect(at.manifest.id).toBe(second.id)
      const created = await restoreBackup({ engine: c.engine, connection: conn, location: at.location, manifest: at.manifest, key: KEY, target: { to: 'shop_copy' } })
      expect(created).toEqual(['shop_copy'])
      expect(c.sql(conn, 'shop_copy', 'SELECT count(*) FROM orders')).toBe('100')
    }, 120_000)

    it('verification restores into a scratch database and checks it; a corrupted backup is refused', async () => {
      const b = await job()
      const found = await locate([locations[0]!], 'team-a/shop-backup', { id: b.id })
      expect(await verifyBackup({ engine: c.engine, connection: conn, location: found.location, manifest: found.manifest, key: KEY })).toMatchObject({ ok: true })
      const file = path.join(dir, found.manifest.dataKey)
      const bytes = fs.readFileSync(file)
      const middle = Math.floor(bytes.length / 2)
      bytes[middle] = (bytes[middle] ?? 0) ^ 0xff
      fs.writeFileSync(file, bytes)
      await expect(restoreBackup({ engine: c.engine, connection: conn, location: found.location, manifest: found.manifest, key: KEY, target: { to: 'never' } })).rejects.toThrow(/does not match its checksum: refusing to restore it/)
      expect(await verifyBackup({ engine: c.engine, connection: conn, location: found.location, manifest: found.manifest, key: KEY })).toMatchObject({ ok: false, message: expect.stringMatching(/checksum/) })
    }, 120_000)

    it('a location failing mid-upload leaves the others complete and is reported', async () => {
      const flakyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flaky-'))
      const flaky = new FailingLocation(new FilesystemLocation('flaky', flakyDir))
      const result = await job({ locations: [locations[0]!, flaky] })
      expect(result.ok).toBe(false)
      expect(result.locations).toEqual([{ name: 'disk', ok: true }, { name: 'flaky', ok: false, error: 'connection reset by peer' }])
      expect((await catalog(locations[0]!, 'team-a/shop-backup')).find((e) => e.id === result.id)?.complete).toBe(true)
      expect((await catalog(flaky, 'team-a/shop-backup')).filter((e) => e.complete)).toEqual([])
    }, 120_000)
  })
}
