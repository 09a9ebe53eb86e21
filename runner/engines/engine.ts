/**
 * One small interface per database engine (like the seed's backup-engine
 * registry): say the server's version, list its databases, describe the
 * parts of a backup, dump a part to a stream, restore a part from a stream
 * into a named database, and check a restored database.
 */
import type { Readable, Writable } from 'node:stream'
import type { BackupEngine as EngineName } from '../../api/database-backup.js'
import type { PartHeader } from '../pipeline/frames.js'

export interface Connection {
  host: string
  port: number
  username: string
  password: string
  tls: 'disable' | 'prefer' | 'require' | 'verify-full'
}

/** A running dump: its output, a promise of its exit (rejects with the tool's message), and a way to stop it. */
export interface DumpProcess {
  stream: Readable
  done: Promise<void>
  kill: () => void
}

/** A running restore: where the part's bytes go, and a promise of its exit. */
export interface RestoreProcess {
  stdin: Writable
  done: Promise<void>
}

export interface BackupEngine {
  readonly name: EngineName
  /** The server's version, e.g. `15.8` or `10.11.6-MariaDB-0+deb12u1`. */
  version(c: Connection): Promise<string>
  /** User databases (system databases excluded). */
  databases(c: Connection): Promise<string[]>
  /** Parts of a backup of these databases: global objects first when the engine has them. */
  parts(databases: readonly string[]): PartHeader[]
  dump(c: Connection, part: PartHeader): DumpProcess
  /** Restores a database part into `database`, which it creates (it must not exist). */
  restore(c: Connection, part: PartHeader, database: string): Promise<RestoreProcess>
  dropDatabase(c: Connection, database: string): Promise<void>
  exists(c: Connection, database: string): Promise<boolean>
  /** Tables (collections) in the database: what verification compares with the backup. */
  tables(c: Connection, database: string): Promise<number>
}
