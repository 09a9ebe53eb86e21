/**
 * MongoDB: each database as a `mongodump --archive` stream, restored with
 * `mongorestore --archive` renaming the namespaces into the target database.
 * The connection string (with the password) reaches mongodump/mongorestore
 * in a private `--config` file, never on the command line; queries go
 * through `mongosh --eval` printing JSON. (The MongoDB Database Tools and
 * mongosh are not in Debian; the runner image installs them from MongoDB's
 * release archives, see the Dockerfile.)
 */
import type { PartHeader } from '../pipeline/frames.js'
import type { BackupEngine, Connection } from './engine.js'
import { consume, privateFile, produce, run, type Tool } from './process.js'

const SYSTEM = new Set(['admin', 'local', 'config'])

export function mongoUri(c: Connection, database?: string): string {
  const auth = `${encodeURIComponent(c.username)}:${encodeURIComponent(c.password)}@`
  const tls = c.tls === 'require' || c.tls === 'verify-full' ? '&tls=true' : ''
  const insecure = c.tls === 'require' ? '&tlsAllowInvalidCertificates=true' : ''
  return `mongodb://${auth}${c.host}:${String(c.port)}/${database ?? ''}?authSource=admin${tls}${insecure}`
}

/** The arguments of mongodump / mongorestore for one part (after `--config=<file>`). */
export function mongoArgs(kind: 'dump' | 'restore', part: PartHeader, target?: string): string[] {
  if (kind === 'dump') return ['--archive', `--db=${part.database ?? ''}`, '--quiet']
  return ['--archive', `--nsInclude=${part.database ?? ''}.*`, `--nsFrom=${part.database ?? ''}.*`, `--nsTo=${target ?? ''}.*`, '--quiet', '--stopOnError']
}

/** mongodump/mongorestore with the URI in a private YAML config file (removed when the tool exits). */
export function databaseTool(command: 'mongodump' | 'mongorestore', c: Connection, args: string[]): Tool {
  const config = privateFile('mongo-tools.yaml', `uri: ${JSON.stringify(mongoUri(c))}\n`)
  return { command, args: [`--config=${config.file}`, ...args], env: {}, cleanup: config.remove }
}

/** mongosh evaluating a script that prints one JSON value. */
export function shell(c: Connection, script: string): Tool {
  return { command: 'mongosh', args: [mongoUri(c), '--quiet', '--norc', '--eval', script], env: {} }
}

/** The JSON value a `mongosh --quiet --eval 'print(JSON.stringify(…))'` printed (its last line: warnings may come first). */
export function parseShellJson(output: string): unknown {
  const line = output.trim().split('\n').map((l) => l.trim()).filter((l) => l !== '').pop()
  if (line === undefined) throw new Error('mongosh printed nothing')
  try {
    return JSON.parse(line) as unknown
  } catch {
    throw new Error(`mongosh printed something else than JSON: ${line.slice(0, 200)}`)
  }
}

/** User databases from the output of `listDatabases` (system databases left out). */
export function parseDatabases(output: string): string[] {
  const parsed = parseShellJson(output) as { databases?: { name?: unknown }[] }
  if (!Array.isArray(parsed.databases)) throw new Error('listDatabases returned no databases field')
  return parsed.databases.map((d) => d.name).filter((n): n is string => typeof n === 'string' && !SYSTEM.has(n)).sort()
}

const LIST = 'print(JSON.stringify(db.adminCommand({ listDatabases: 1, nameOnly: true })))'
const str = (value: string) => JSON.stringify(value)

async function json(c: Connection, script: string): Promise<unknown> {
  return parseShellJson(await run(shell(c, script)))
}

export const mongodb: BackupEngine = {
  name: 'mongodb',
  version: async (c) => String(await json(c, 'print(JSON.stringify(db.version()))')),
  databases: async (c) => parseDatabases(await run(shell(c, LIST))),
  parts: (databases) => databases.map((d): PartHeader => ({ name: `db:${d}`, format: 'mongodump-archive', database: d })),
  dump: (c, part) => produce(databaseTool('mongodump', c, mongoArgs('dump', part))),
  restore: (c, part, database) => Promise.resolve(consume(databaseTool('mongorestore', c, mongoArgs('restore', part, database)))),
  dropDatabase: async (c, database) => {
    await json(c, `print(JSON.stringify(db.getSiblingDB(${str(database)}).dropDatabase()))`)
  },
  exists: async (c, database) => parseDatabases(await run(shell(c, LIST))).includes(database),
  tables: async (c, database) => Number(await json(c, `print(JSON.stringify(db.getSiblingDB(${str(database)}).getCollectionNames().length))`)),
}
