/**
 * Engines whose servers are not in Debian. MongoDB: the exact commands and
 * arguments, and parsing real mongosh output. CockroachDB: the exact psql
 * commands, parsing real output (version strings, SHOW CREATE ALL TABLES
 * rows), the dump script it assembles — and that script replayed by the real
 * psql into a real PostgreSQL, with the data copied out of PostgreSQL through
 * the same COPY statements (PostgreSQL standing in for CockroachDB where the
 * SQL is the same, canned answers where it is CockroachDB's own).
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { takeBackup } from '../../runner/backup.js'
import { asOf, COCKROACH_QUERIES as Q, cockroachEngine, copyIn, copyOut, layout, parseJsonLine, parseVersion, psqlTool, type Sql, supported } from '../../runner/engines/cockroach.js'
import type { Connection } from '../../runner/engines/engine.js'
import { databaseTool, mongoArgs, mongodb, mongoUri, parseDatabases, parseShellJson, shell } from '../../runner/engines/mongodb.js'
import { produce, run } from '../../runner/engines/process.js'
import { engineFor } from '../../runner/engines/registry.js'
import { FilesystemLocation } from '../../runner/locations/filesystem.js'
import { locate, restoreBackup } from '../../runner/restore.js'
import { requirePostgres, startPostgres } from '../support/postgres-server.js'
import type { Server } from '../support/server-process.js'

const conn: Connection = { host: 'events-rs0.team-a.svc', port: 27017, username: 'backup', password: 'p@ss/word', tls: 'require' }

describe('engine registry', () => {
  it('has an engine for every engine of the API', () => {
    expect(['postgresql', 'mysql', 'mariadb', 'mongodb', 'cockroach'].map((e) => engineFor(e as never).name)).toEqual(['postgresql', 'mysql', 'mariadb', 'mongodb', 'cockroach'])
  })
})

describe('mongodb engine', () => {
  it('connects with the credentials URL-encoded, through admin, TLS as the mode says', () => {
    expect(mongoUri(conn, 'app')).toBe('mongodb://backup:p%40ss%2Fword@events-rs0.team-a.svc:27017/app?authSource=admin&tls=true&tlsAllowInvalidCertificates=true')
    expect(mongoUri({ ...conn, tls: 'verify-full' })).toBe('mongodb://backup:p%40ss%2Fword@events-rs0.team-a.svc:27017/?authSource=admin&tls=true')
    expect(mongoUri({ ...conn, tls: 'disable' })).toBe('mongodb://backup:p%40ss%2Fword@events-rs0.team-a.svc:27017/?authSource=admin')
  })

  it('dumps one database as an archive and restores it under a new name', () => {
    const part = { name: 'db:app', format: 'mongodump-archive', database: 'app' }
    expect(mongodb.parts(['app', 'logs'])).toEqual([part, { name: 'db:logs', format: 'mongodump-archive', database: 'logs' }])
    expect(mongoArgs('dump', part)).toEqual(['--archive', '--db=app', '--quiet'])
    expect(mongoArgs('restore', part, 'app_restore_20260101t000000z')).toEqual(['--archive', '--nsInclude=app.*', '--nsFrom=app.*', '--nsTo=app_restore_20260101t000000z.*', '--quiet', '--stopOnError'])
  })

  it('gives mongodump the URI in a private config file, never on its command line, and removes the file', () => {
    const tool = databaseTool('mongodump', conn, mongoArgs('dump', { name: 'db:app', format: 'mongodump-archive', database: 'app' }))
    expect(tool.command).toBe('mongodump')
    expect(tool.args.join(' ')).not.toContain('p%40ss')
    const file = tool.args[0]!.replace(/^--config=/, '')
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(fs.readFileSync(file, 'utf8')).toBe(`uri: "${mongoUri(conn)}"\n`)
    tool.cleanup?.()
    expect(fs.existsSync(file)).toBe(false)
  })

  it('parses real mongosh output: JSON on the last line, warnings before it, system databases left out', () => {
    const replicaSet = '{"databases":[{"name":"admin"},{"name":"config"},{"name":"events"},{"name":"local"},{"name":"app"}],"ok":1,"$clusterTime":{"clusterTime":{"$timestamp":{"t":1767225600,"i":1}},"signature":{"hash":{"$binary":{"base64":"AAAAAAAAAAAAAAAAAAAAAAAAAAA=","subType":"00"}},"keyId":0}},"operationTime":{"$timestamp":{"t":1767225600,"i":1}}}\n'
    expect(parseDatabases(replicaSet)).toEqual(['app', 'events'])
    expect(parseShellJson('Warning: Could not access file: ENOENT: no such file or directory, mkdir \'/home/node/.mongodb\'\n"7.0.12"\n')).toBe('7.0.12')
    expect(() => parseDatabases('{"ok":0,"errmsg":"command listDatabases requires authentication","code":13,"codeName":"Unauthorized"}\n')).toThrow(/no databases field/)
    expect(() => parseShellJson('MongoServerError: Authentication failed.\n')).toThrow(/something else than JSON/)
    expect(shell(conn, 'print(1)')).toEqual({ command: 'mongosh', args: [mongoUri(conn), '--quiet', '--norc', '--eval', 'print(1)'], env: {} })
  })
})

describe('cockroach engine: commands and real output', () => {
  it('runs psql in one session, unaligned, stopping at the first error, with the password in the environment', () => {
    expect(psqlTool({ ...conn, port: 26257 }, 'shop', ['SELECT 1', 'SELECT 2'])).toEqual({
      command: 'psql',
      args: ['-h', 'events-rs0.team-a.svc', '-p', '26257', '-U', 'backup', '-d', 'shop', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', 'SELECT 1', '-c', 'SELECT 2'],
      env: { PGPASSWORD: 'p@ss/word', PGSSLMODE: 'require', PGCONNECT_TIMEOUT: '15', PGAPPNAME: 'dbaas-backup-runner' },
    })
  })

  it('reads the version from SELECT version() and refuses servers older than 23.1 (no COPY TO)', () => {
    expect(parseVersion('CockroachDB CCL v23.2.4 (x86_64-pc-linux-gnu, built 2024/04/09 19:03:50, go1.21.9 X:nocoverageredesign)\n')).toBe('23.2.4')
    expect(parseVersion('CockroachDB CCL v24.1.0-rc.1 (aarch64-unknown-linux-gnu, built 2024/05/10 17:40:10, go1.22.2 X:nocoverageredesign)')).toBe('24.1.0-rc.1')
    expect(supported('23.1.0')).toBe(true)
    expect(supported('24.3.1')).toBe(true)
    expect(supported('22.2.19')).toBe(false)
    expect(() => parseVersion('PostgreSQL 15.8 (Debian 15.8-0+deb12u1) on x86_64-pc-linux-gnu')).toThrow(/not a CockroachDB server/)
  })

  it('orders SHOW CREATE ALL output: schemas, types and creates before the data, foreign keys and validation after', () => {
    const rows = parseJsonLine(`${JSON.stringify([
      'CREATE TABLE public.users (\n\tid UUID NOT NULL,\n\tcity VARCHAR NOT NULL,\n\tname VARCHAR NULL,\n\tCONSTRAINT users_pkey PRIMARY KEY (city ASC, id ASC)\n);',
      'CREATE TABLE public.rides (\n\tid UUID NOT NULL,\n\tcity VARCHAR NOT NULL,\n\trider_id UUID NULL,\n\tCONSTRAINT rides_pkey PRIMARY KEY (city ASC, id ASC),\n\tINDEX rides_auto_index_fk_city_ref_users (city ASC, rider_id ASC)\n);',
      'ALTER TABLE public.rides ADD CONSTRAINT rides_city_rider_id_fkey FOREIGN KEY (city, rider_id) REFERENCES public.users(city, id);',
      '-- Validate foreign key constraints. These can fail if there was unvalidated data during the SHOW CREATE ALL TABLES',
      'ALTER TABLE public.rides VALIDATE CONSTRAINT rides_city_rider_id_fkey;',
    ])}\n`) as string[]
    const plan = layout(['CREATE SCHEMA public;', 'CREATE SCHEMA audit;'], ["CREATE TYPE public.status AS ENUM ('open', 'closed');"], rows)
    expect(plan.before).toEqual(['CREATE SCHEMA IF NOT EXISTS public;', 'CREATE SCHEMA IF NOT EXISTS audit;', "CREATE TYPE public.status AS ENUM ('open', 'closed');", rows[0], rows[1]])
    expect(plan.after).toEqual([rows[2], rows[3], rows[4]])
  })

  it('copies rows at the dump timestamp, hidden and computed columns left out by the column query', () => {
    const t = { schema: 'public', name: 'order "lines"', type: 'table' }
    expect(copyOut('1767225600000000000.0000000000', t, ['id', 'qty'])).toEqual([
      "BEGIN TRANSACTION AS OF SYSTEM TIME '1767225600000000000.0000000000'",
      'COPY (SELECT "id", "qty" FROM "public"."order ""lines""") TO STDOUT',
      'COMMIT',
    ])
    expect(copyIn(t, ['id', 'qty'])).toBe('COPY "public"."order ""lines""" ("id", "qty") FROM STDIN;\n')
    expect(Q.columns).toContain("is_hidden = 'NO' AND COALESCE(generation_expression, '') = ''")
  })
})

/**
 * PostgreSQL answering for CockroachDB: COPY, setval reads and DDL go to the
 * real server (the AS OF SYSTEM TIME transaction becomes a repeatable-read
 * one); CockroachDB's own statements get the answers a CockroachDB server
 * gives for the same schema. Every statement sent is recorded.
 */
function pgAsCockroach(pg: Connection, sent: string[][]): Sql {
  const translate = (statements: readonly string[]) => statements.map((s) => (s.startsWith('BEGIN TRANSACTION AS OF SYSTEM TIME') ? 'BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY' : s))
  const canned: Record<string, unknown> = {
    [Q.schemas]: ['CREATE SCHEMA public;'],
    [Q.types]: [],
    [Q.tables]: [
      'CREATE TABLE public.orders (\n\tid INT8 NOT NULL,\n\tamount INT8 NULL,\n\tnote VARCHAR NULL,\n\tdoubled INT8 GENERATED ALWAYS AS (amount * 2) STORED,\n\tCONSTRAINT orders_pkey PRIMARY KEY (id)\n);',
      'CREATE TABLE public.lines (\n\torder_id INT8 NOT NULL,\n\tn INT8 NOT NULL,\n\tCONSTRAINT lines_pkey PRIMARY KEY (order_id, n)\n);',
      'CREATE SEQUENCE public.order_ids MINVALUE 1 MAXVALUE 9223372036854775807 INCREMENT 1 START 1;',
      'CREATE VIEW public.big_orders AS SELECT id, amount FROM public.orders WHERE amount > 1000;',
      'ALTER TABLE public.lines ADD CONSTRAINT lines_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id);',
      '-- Validate foreign key constraints. These can fail if there was unvalidated data during the SHOW CREATE ALL TABLES',
      'ALTER TABLE public.lines VALIDATE CONSTRAINT lines_order_id_fkey;',
    ],
    [Q.objects]: [
      { schema: 'public', name: 'big_orders', type: 'view' },
      { schema: 'public', name: 'lines', type: 'table' },
      { schema: 'public', name: 'order_ids', type: 'sequence' },
      { schema: 'public', name: 'orders', type: 'table' },
    ],
    [Q.columns]: [
      { schema: 'public', table: 'lines', column: 'order_id' },
      { schema: 'public', table: 'lines', column: 'n' },
      { schema: 'public', table: 'orders', column: 'id' },
      { schema: 'public', table: 'orders', column: 'amount' },
      { schema: 'public', table: 'orders', column: 'note' },
    ],
  }
  return {
    query: async (database, statements) => {
      sent.push([database, ...statements])
      const main = statements.find((s) => s !== 'COMMIT' && !s.startsWith('BEGIN')) ?? ''
      if (main === Q.version) return 'CockroachDB CCL v23.2.4 (x86_64-pc-linux-gnu, built 2024/04/09 19:03:50, go1.21.9 X:nocoverageredesign)\n'
      if (main === Q.now) return '1767225600000000000.0000000000\n'
      if (main in canned) return `${JSON.stringify(canned[main])}\n`
      if (main === Q.databases) return run(psqlTool(pg, 'postgres', ['SELECT json_agg(datname) FROM pg_database WHERE NOT datistemplate']))
      // SHOW TABLES lists tables, views and sequences
      if (main === Q.count) return run(psqlTool(pg, database, ["SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'S')"]))
      return run(psqlTool(pg, database === 'defaultdb' ? 'postgres' : database, translate(statements)))
    },
    stream: (database, statements) => {
      sent.push([database, ...statements])
      return produce(psqlTool(pg, database, translate(statements)))
    },
  }
}

describe.runIf(requirePostgres())('cockroach engine: its dump replayed by the real psql', () => {
  let server: Server
  let pg: Connection
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crdb-'))
  const sql = (db: string, q: string) => execFileSync('psql', ['-h', '127.0.0.1', '-p', String(server.port), '-U', server.username, '-d', db, '-XAt', '-v', 'ON_ERROR_STOP=1', '-c', q], { env: { ...process.env, PGPASSWORD: server.password }, encoding: 'utf8' }).trim()

  beforeAll(async () => {
    server = await startPostgres()
    pg = { host: '127.0.0.1', port: server.port, username: server.username, password: server.password, tls: 'disable' }
    sql('postgres', 'CREATE DATABASE shop')
    sql('shop', 'CREATE TABLE orders (id INT8 PRIMARY KEY, amount INT8, note VARCHAR, doubled INT8 GENERATED ALWAYS AS (amount * 2) STORED)')
    sql('shop', 'CREATE TABLE lines (order_id INT8 NOT NULL REFERENCES orders(id), n INT8 NOT NULL, PRIMARY KEY (order_id, n))')
    sql('shop', 'CREATE SEQUENCE order_ids')
    sql('shop', 'CREATE VIEW big_orders AS SELECT id, amount FROM orders WHERE amount > 1000')
    sql('shop', "INSERT INTO orders (id, amount, note) SELECT n, n * 10, CASE WHEN n % 7 = 0 THEN NULL ELSE E'tab\\there, newline\\nhere, back\\\\slash ' || n END FROM generate_series(1, 3000) AS n")
    sql('shop', 'INSERT INTO lines SELECT n, k FROM generate_series(1, 3000) AS n, generate_series(1, 3) AS k')
    sql('shop', "SELECT setval('order_ids', 4242)")
  }, 120_000)

  afterAll(async () => {
    await server.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('backs up through the pipeline and restores into a new database with the same rows, sequence and constraints', async () => {
    const sent: string[][] = []
    const engine = cockroachEngine(() => pgAsCockroach(pg, sent))
    const location = new FilesystemLocation('disk', dir)
    const result = await takeBackup({ engine, connection: pg, databases: ['shop'], locations: [location], compression: 'gzip', key: undefined, pathPrefix: 'crdb', now: () => '2026-01-01T00:00:00Z' })
    expect(result).toMatchObject({ ok: true, locations: [{ name: 'disk', ok: true }] })
    expect(sent).toContainEqual(['shop', asOf('1767225600000000000.0000000000'), 'COPY (SELECT "id", "amount", "note" FROM "public"."orders") TO STDOUT', 'COMMIT'])
    expect(sent.filter((s) => s.some((x) => x.startsWith('COPY'))).map((s) => s[2])).toEqual(['COPY (SELECT "order_id", "n" FROM "public"."lines") TO STDOUT', 'COPY (SELECT "id", "amount", "note" FROM "public"."orders") TO STDOUT'])

    const found = await locate([location], 'crdb', { id: result.id })
    expect(found.manifest).toMatchObject({ engine: 'cockroach', engineVersion: '23.2.4', databases: [{ name: 'shop', tables: 4 }] })
    expect(await restoreBackup({ engine, connection: pg, location, manifest: found.manifest, key: undefined, target: { to: 'shop_copy' } })).toEqual(['shop_copy'])
    const compare = "SELECT count(*), sum(amount), sum(doubled), md5(string_agg(coalesce(note, '<null>'), ',' ORDER BY id)) FROM orders"
    expect(sql('shop_copy', compare)).toBe(sql('shop', compare))
    expect(sql('shop_copy', 'SELECT count(*), sum(n) FROM lines')).toBe('9000|18000')
    expect(sql('shop_copy', "SELECT nextval('order_ids')")).toBe('4243')
    expect(sql('shop_copy', 'SELECT count(*) FROM big_orders')).toBe(sql('shop', 'SELECT count(*) FROM big_orders'))
    expect(() => sql('shop_copy', 'INSERT INTO lines VALUES (999999, 1)')).toThrow(/foreign key/)
  }, 120_000)
})
