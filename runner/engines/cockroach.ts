/**
 * CockroachDB (v23.1 or newer), through its PostgreSQL wire protocol with
 * `psql` (already in the runner image; no `cockroach` binary needed). A
 * database is dumped as one SQL script that `psql` replays:
 *
 *   schemas and types (SHOW CREATE ALL SCHEMAS / TYPES), tables, views and
 *   sequences (the CREATE statements of SHOW CREATE ALL TABLES, in its
 *   dependency order), each table's rows as `COPY … FROM STDIN` (read with
 *   `COPY (SELECT …) TO STDOUT`), sequence values (setval), and last the
 *   foreign keys and their validation (the ALTER statements).
 *
 * Every read runs in a transaction `AS OF SYSTEM TIME` the cluster
 * timestamp taken when the dump starts, so the tables are consistent with
 * each other (the dump must finish within the GC TTL of the data). Hidden
 * (rowid) and computed columns are not copied: they are recomputed.
 * Cockroach's own BACKUP/RESTORE write to cloud storage themselves and would
 * bypass this pipeline (one stream, encryption, checksum, every location).
 */
import { Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import type { PartHeader } from '../pipeline/frames.js'
import type { BackupEngine, Connection, DumpProcess } from './engine.js'
import { consume, produce, run, type Tool } from './process.js'

export const COCKROACH_MINIMUM = [23, 1] as const
const SYSTEM = new Set(['system', 'postgres'])
/** An existing database to connect to when creating or dropping another. */
const ADMIN_DB = 'defaultdb'

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`

/** `psql` running statements in one session: unaligned, tuples only, stop at the first error. */
export function psqlTool(c: Connection, database: string, statements: readonly string[]): Tool {
  return {
    command: 'psql',
    args: ['-h', c.host, '-p', String(c.port), '-U', c.username, '-d', database, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', ...statements.flatMap((s) => ['-c', s])],
    env: { PGPASSWORD: c.password, PGSSLMODE: c.tls, PGCONNECT_TIMEOUT: '15', PGAPPNAME: 'dbaas-backup-runner' },
  }
}

/** How the engine reaches the server; tests replace it. */
export interface Sql {
  query(database: string, statements: readonly string[]): Promise<string>
  stream(database: string, statements: readonly string[]): DumpProcess
}

export function psqlSql(c: Connection): Sql {
  return { query: (database, statements) => run(psqlTool(c, database, statements)), stream: (database, statements) => produce(psqlTool(c, database, statements)) }
}

/** The version from `SELECT version()`: `CockroachDB CCL v23.2.4 (x86_64-pc-linux-gnu, …)` → `23.2.4`. */
export function parseVersion(output: string): string {
  const m = /CockroachDB \w+ v(\d+\.\d+\.\d+\S*)/.exec(output)
  if (m?.[1] === undefined) throw new Error(`not a CockroachDB server: ${output.trim().slice(0, 120)}`)
  return m[1]
}

export function supported(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  return major > COCKROACH_MINIMUM[0] || (major === COCKROACH_MINIMUM[0] && minor >= COCKROACH_MINIMUM[1])
}

/** The last line psql printed, parsed as JSON (a `json_agg` result). */
export function parseJsonLine(output: string): unknown {
  const line = output.trim().split('\n').pop() ?? ''
  return JSON.parse(line === '' ? 'null' : line) as unknown
}

export interface DumpLayout {
  /** Statements before the data: schemas, types, CREATE TABLE/VIEW/SEQUENCE. */
  before: string[]
  /** Statements after the data: foreign keys, their validation, other ALTERs. */
  after: string[]
}

/** Splits SHOW CREATE ALL SCHEMAS / TYPES / TABLES output into what runs before and after the data. */
export function layout(schemas: readonly string[], types: readonly string[], tables: readonly string[]): DumpLayout {
  const statement = (s: string) => (s.trim().endsWith(';') || s.trim().startsWith('--') ? s.trim() : `${s.trim()};`)
  const schemaStatements = schemas.map((s) => statement(s.replace(/^CREATE SCHEMA (?!IF NOT EXISTS)/i, 'CREATE SCHEMA IF NOT EXISTS ')))
  const creates = tables.filter((s) => /^\s*CREATE\s/i.test(s)).map(statement)
  const rest = tables.filter((s) => !/^\s*CREATE\s/i.test(s)).map(statement)
  return { before: [...schemaStatements, ...types.map(statement), ...creates], after: rest }
}

export interface TableInfo {
  schema: string
  name: string
  type: string
}

export interface ColumnInfo {
  schema: string
  table: string
  column: string
}

/** The queries the engine sends (exact text; tests answer them). */
export const COCKROACH_QUERIES = {
  version: 'SELECT version()',
  now: 'SELECT cluster_logical_timestamp()::STRING',
  databases: "SELECT COALESCE(json_agg(database_name), '[]') FROM [SHOW DATABASES]",
  schemas: "SELECT COALESCE(json_agg(create_statement), '[]') FROM [SHOW CREATE ALL SCHEMAS]",
  types: "SELECT COALESCE(json_agg(create_statement), '[]') FROM [SHOW CREATE ALL TYPES]",
  tables: "SELECT COALESCE(json_agg(create_statement), '[]') FROM [SHOW CREATE ALL TABLES]",
  objects: "SELECT COALESCE(json_agg(json_build_object('schema', schema_name, 'name', table_name, 'type', type)), '[]') FROM [SHOW TABLES]",
  columns:
    "SELECT COALESCE(json_agg(json_build_object('schema', table_schema, 'table', table_name, 'column', column_name) ORDER BY table_schema, table_name, ordinal_position), '[]') FROM information_schema.columns WHERE table_catalog = current_database() AND is_hidden = 'NO' AND COALESCE(generation_expression, '') = '' AND table_schema NOT IN ('pg_catalog', 'information_schema', 'crdb_internal', 'pg_extension')",
  count: 'SELECT count(*) FROM [SHOW TABLES]',
}

export const asOf = (ts: string) => `BEGIN TRANSACTION AS OF SYSTEM TIME ${literal(ts)}`

/** The statements that copy one table's rows out, at the dump's timestamp. */
export function copyOut(ts: string, table: TableInfo, columns: readonly string[]): string[] {
  return [asOf(ts), `COPY (SELECT ${columns.map(ident).join(', ')} FROM ${ident(table.schema)}.${ident(table.name)}) TO STDOUT`, 'COMMIT']
}

export function copyIn(table: TableInfo, columns: readonly string[]): string {
  return `COPY ${ident(table.schema)}.${ident(table.name)} (${columns.map(ident).join(', ')}) FROM STDIN;\n`
}

async function* script(sql: Sql, database: string, onChild: (p: DumpProcess | undefined) => void): AsyncGenerator<Buffer> {
  const ts = (await sql.query(database, [COCKROACH_QUERIES.now])).trim()
  const read = async (q: string) => parseJsonLine(await sql.query(database, [asOf(ts), q, 'COMMIT']))
  const plan = layout((await read(COCKROACH_QUERIES.schemas)) as string[], (await read(COCKROACH_QUERIES.types)) as string[], (await read(COCKROACH_QUERIES.tables)) as string[])
  const objects = (await read(COCKROACH_QUERIES.objects)) as TableInfo[]
  const columns = (await read(COCKROACH_QUERIES.columns)) as ColumnInfo[]
  yield Buffer.from(`-- CockroachDB dump of ${ident(database)} as of system time ${ts} (dbaas backup runner)\n\n${plan.before.join('\n')}\n\n`)
  for (const table of objects.filter((o) => o.type === 'table')) {
    const names = columns.filter((c) => c.schema === table.schema && c.table === table.name).map((c) => c.column)
    if (names.length === 0) continue
    yield Buffer.from(copyIn(table, names))
    const copy = sql.stream(database, copyOut(ts, table, names))
    onChild(copy)
    for await (const chunk of copy.stream) yield chunk as Buffer
    await copy.done
    onChild(undefined)
    yield Buffer.from('\\.\n\n')
  }
  for (const seq of objects.filter((o) => o.type === 'sequence')) {
    const name = `${ident(seq.schema)}.${ident(seq.name)}`
    const value = parseJsonLine(await sql.query(database, [asOf(ts), `SELECT json_build_object('last', last_value, 'called', is_called) FROM ${name}`, 'COMMIT']))
    const { last, called } = value as { last: number; called: boolean }
    yield Buffer.from(`SELECT setval(${literal(name)}, ${String(last)}, ${String(called)});\n`)
  }
  yield Buffer.from(`\n${plan.after.join('\n')}\n`)
}

/** The dump of one database as a stream; stopping it kills the running copy. */
export function dumpDatabase(sql: Sql, database: string): DumpProcess {
  let child: DumpProcess | undefined
  const stream = Readable.from(script(sql, database, (p) => (child = p)))
  const done = finished(stream)
  done.catch(() => undefined)
  return { stream, done, kill: () => { child?.kill(); stream.destroy(new Error('stopped')) } }
}

export function cockroachEngine(sqlFor: (c: Connection) => Sql = psqlSql): BackupEngine {
  const count = async (c: Connection, database: string) => Number((await sqlFor(c).query(database, [COCKROACH_QUERIES.count])).trim())
  const databases = async (c: Connection) => ((parseJsonLine(await sqlFor(c).query(ADMIN_DB, [COCKROACH_QUERIES.databases])) ?? []) as string[]).filter((d) => !SYSTEM.has(d)).sort()
  return {
    name: 'cockroach',
    version: async (c) => {
      const version = parseVersion(await sqlFor(c).query(ADMIN_DB, [COCKROACH_QUERIES.version]))
      if (!supported(version)) throw new Error(`CockroachDB ${version} is too old: the runner needs ${COCKROACH_MINIMUM.join('.')} or newer (COPY TO STDOUT)`)
      return version
    },
    databases,
    parts: (names) => names.map((d): PartHeader => ({ name: `db:${d}`, format: 'cockroach-sql', database: d })),
    dump: (c, part) => dumpDatabase(sqlFor(c), part.database ?? ''),
    restore: async (c, _part, database) => {
      await sqlFor(c).query(ADMIN_DB, [`CREATE DATABASE ${ident(database)}`])
      return consume({ ...psqlTool(c, database, []), args: [...psqlTool(c, database, []).args, '-f', '-'] })
    },
    dropDatabase: async (c, database) => {
      await sqlFor(c).query(ADMIN_DB, [`DROP DATABASE IF EXISTS ${ident(database)} CASCADE`])
    },
    exists: async (c, database) => (await databases(c)).includes(database),
    tables: count,
  }
}

export const cockroach = cockroachEngine()
