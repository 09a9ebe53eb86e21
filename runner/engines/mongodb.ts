/**
 * MongoDB: each database as a `mongodump --archive` stream, restored with
 * `mongorestore --archive` renaming the namespace into the target database.
 * (The MongoDB Database Tools are not in Debian; the runner image installs
 * them from MongoDB's release archive, see the Dockerfile.)
 */
import type { PartHeader } from '../pipeline/frames.js'
import type { BackupEngine, Connection } from './engine.js'
import { consume, produce, run, type Tool } from './process.js'

export function mongoUri(c: Connection, database?: string): string {
  const auth = `${encodeURIComponent(c.username)}:${encodeURIComponent(c.password)}@`
  const tls = c.tls === 'disable' || c.tls === 'prefer' ? '' : '&tls=true'
  return `mongodb://${auth}${c.host}:${String(c.port)}/${database ?? ''}?authSource=admin${tls}`
}

/** The tools take the connection URI as an argument; it is visible only inside the runner's own pod and never logged. */
function tool(command: string, c: Connection, args: string[]): Tool {
  return { command, args: ['--uri', '$DBAAS_MONGO_URI', ...args], env: { DBAAS_MONGO_URI: mongoUri(c) } }
}

export function mongoArgs(kind: 'dump' | 'restore', part: PartHeader, target?: string): string[] {
  if (kind === 'dump') return ['--archive', `--db=${part.database ?? ''}`, '--quiet']
  return ['--archive', `--nsFrom=${part.database ?? ''}.*`, `--nsTo=${target ?? ''}.*`, '--quiet', '--stopOnError']
}

function resolved(t: Tool): Tool {
  return { ...t, args: t.args.map((a) => (a === '$DBAAS_MONGO_URI' ? (t.env.DBAAS_MONGO_URI ?? '') : a)) }
}

export const mongodb: BackupEngine = {
  name: 'mongodb',
  version: async (c) => (await run(resolved({ command: 'mongosh', args: ['$DBAAS_MONGO_URI', '--quiet', '--eval', 'db.version()'], env: { DBAAS_MONGO_URI: mongoUri(c) } }))).trim(),
  databases: async (c) =>
    (await run(resolved({ command: 'mongosh', args: ['$DBAAS_MONGO_URI', '--quiet', '--eval', 'db.adminCommand({listDatabases:1}).databases.map(d=>d.name).filter(n=>!["admin","local","config"].includes(n)).join("\\n")'], env: { DBAAS_MONGO_URI: mongoUri(c) } })))
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== ''),
  parts: (_c, databases) => databases.map((d): PartHeader => ({ name: `db:${d}`, format: 'mongodump-archive', database: d })),
  dump: (c, part) => produce(resolved(tool('mongodump', c, mongoArgs('dump', part)))),
  restore: (c, part, database) => Promise.resolve(consume(resolved(tool('mongorestore', c, mongoArgs('restore', part, database))))),
  dropDatabase: async (c, database) => {
    await run(resolved({ command: 'mongosh', args: ['$DBAAS_MONGO_URI', '--quiet', '--eval', `db.getSiblingDB(${JSON.stringify(database)}).dropDatabase()`], env: { DBAAS_MONGO_URI: mongoUri(c) } }))
  },
  exists: async (c, database) => (await run(resolved({ command: 'mongosh', args: ['$DBAAS_MONGO_URI', '--quiet', '--eval', `db.adminCommand({listDatabases:1}).databases.some(d=>d.name===${JSON.stringify(database)})`], env: { DBAAS_MONGO_URI: mongoUri(c) } }))).trim() === 'true',
  tables: async (c, database) => Number((await run(resolved({ command: 'mongosh', args: ['$DBAAS_MONGO_URI', '--quiet', '--eval', `db.getSiblingDB(${JSON.stringify(database)}).getCollectionNames().length`], env: { DBAAS_MONGO_URI: mongoUri(c) } }))).trim()),
}
