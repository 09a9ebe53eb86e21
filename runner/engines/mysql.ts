/**
 * MySQL and MariaDB: each database with a consistent single-transaction dump
 * (`mysqldump` or `mariadb-dump`, routines, triggers and events included),
 * restored with the `mysql`/`mariadb` client into a new database.
 */
import fs from 'node:fs'
import type { PartHeader } from '../pipeline/frames.js'
import type { BackupEngine, Connection } from './engine.js'
import { consume, produce, run, type Tool } from './process.js'

const SYSTEM = new Set(['information_schema', 'mysql', 'performance_schema', 'sys'])

function binary(names: string[]): string {
  for (const dir of (process.env.PATH ?? '/usr/bin').split(':')) for (const n of names) if (fs.existsSync(`${dir}/${n}`)) return n
  return names[0] ?? ''
}

function tool(command: string, c: Connection, args: string[]): Tool {
  const ssl = c.tls === 'disable' ? ['--skip-ssl'] : []
  return { command, args: ['-h', c.host, '-P', String(c.port), '-u', c.username, '--protocol=TCP', ...ssl, ...args], env: { MYSQL_PWD: c.password } }
}

const ident = (name: string) => `\`${name.replace(/`/g, '``')}\``

export function mysqlEngine(flavour: 'mysql' | 'mariadb'): BackupEngine {
  const client = () => binary(flavour === 'mariadb' ? ['mariadb', 'mysql'] : ['mysql', 'mariadb'])
  const dumper = () => binary(flavour === 'mariadb' ? ['mariadb-dump', 'mysqldump'] : ['mysqldump', 'mariadb-dump'])
  const query = (c: Connection, q: string, db?: string) => run(tool(client(), c, ['-N', '-B', ...(db === undefined ? [] : [db]), '-e', q]))
  return {
    name: flavour,
    version: async (c) => (await query(c, 'SELECT VERSION()')).trim(),
    databases: async (c) =>
      (await query(c, 'SHOW DATABASES'))
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !SYSTEM.has(l)),
    parts: (databases) => databases.map((d): PartHeader => ({ name: `db:${d}`, format: `${flavour}-sql`, database: d })),
    dump: (c, part) => produce(tool(dumper(), c, ['--single-transaction', '--quick', '--routines', '--triggers', '--events', '--hex-blob', '--no-tablespaces', part.database ?? ''])),
    restore: async (c, _part, database) => {
      await query(c, `CREATE DATABASE ${ident(database)}`)
      return consume(tool(client(), c, [database]))
    },
    dropDatabase: async (c, database) => {
      await query(c, `DROP DATABASE IF EXISTS ${ident(database)}`)
    },
    exists: async (c, database) => (await query(c, `SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '${database.replace(/'/g, "''")}'`)).trim() === '1',
    tables: async (c, database) => Number((await query(c, `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '${database.replace(/'/g, "''")}'`)).trim()),
  }
}
