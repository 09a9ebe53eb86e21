/**
 * One small interface per database engine (the seed's backup-engine
 * registry): list databases, dump one, restore one under a given name, check
 * a restored one, and say the server's version.
 */
import type { Readable, Writable } from 'node:stream'
import type { PartHeader } from '../pipeline/frames.js'

export interface Connection {
  host: string
  port: number
  username: string
  password: string
  tls: 'disable' | 'prefer' | 'require' | 'verify-full'
}

export interface BackupEngine {
  readonly name: string
  version(c: Connection): Promise<string>
  /** User databases (system databases excluded). */
  databases(c: Connection): Promise<string[]>
  /** Parts of a backup of these databases: global objects first when the engine has them. */
  parts(c: Connection, databases: readonly string[]): PartHeader[]
  dump(c: Connection, part: PartHeader): { stream: Readable; done: Promise<void>; kill: () => void }
  /** Restores a part into `database` (created first; it must not exist). */
  restore(c: Connection, part: PartHeader, database: string): Promise<{ stdin: Writable; done: Promise<void> }>
  dropDatabase(c: Connection, database: string): Promise<void>
  exists(c: Connection, database: string): Promise<boolean>
  /** Tables in the database, for verification. */
  tables(c: Connection, database: string): Promise<number>
}
