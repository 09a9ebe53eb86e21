/**
 * PostgreSQL: each database with `pg_dump -Fc` (custom format: compressed
 * by us, restorable selectively), global objects (roles, tablespaces) with
 * `pg_dumpall --globals-only --no-role-passwords`, restore with `pg_restore`
 * into a new database (without owners and grants, so it restores on any
 * server; the globals are kept in the backup for reference, not replayed).
 */
import type { PartHeader } from '../pipeline/frames.js'
import type { BackupEngine, Connection } from './engine.js'
import { consume, produce, run, type Tool } from './process.js'

function tool(command: string, c: Connection, args: string[]): Tool {
  return { command, args: ['-h', c.host, '-p', String(c.port), '-U', c.username, ...args], env: { PGPASSWORD: c.password, PGSSLMODE: c.tls, PGCONNECT_TIMEOUT: '15' } }
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`

function sql(c: Connection, database: string, query: string): Tool {
  return tool('psql', c, ['-d', database, '-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', query])
}

export const postgresql: BackupEngine = {
  name: 'postgresql',
  version: async (c) => (await run(sql(c, 'postgres', 'SHOW server_version'))).trim(),
  databases: async (c) =>
    (await run(sql(c, 'postgres', "SELECT datname FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres' ORDER BY 1")))
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== ''),
  parts: (databases) => [{ name: 'globals', format: 'pg_dumpall-globals' }, ...databases.map((d): PartHeader => ({ name: `db:${d}`, format: 'pg_dump-custom', database: d }))],
  dump: (c, part) => {
    if (part.name === 'globals') return produce(tool('pg_dumpall', c, ['--globals-only', '--no-role-passwords', '-l', 'postgres']))
    return produce(tool('pg_dump', c, ['-Fc', '-Z', '0', '-d', part.database ?? '']))
  },
  restore: async (c, _part, database) => {
    await run(sql(c, 'postgres', `CREATE DATABASE ${ident(database)}`))
    return consume(tool('pg_restore', c, ['-d', database, '--no-owner', '--no-privileges', '--exit-on-error']))
  },
  dropDatabase: async (c, database) => {
    await run(sql(c, 'postgres', `DROP DATABASE IF EXISTS ${ident(database)} WITH (FORCE)`))
  },
  exists: async (c, database) => (await run(sql(c, 'postgres', `SELECT 1 FROM pg_database WHERE datname = ${literal(database)}`))).trim() === '1',
  tables: async (c, database) => Number((await run(sql(c, database, "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"))).trim()),
}
