/** One place backups are stored: streaming writes and reads, listing, deletion. */
import type { Readable } from 'node:stream'

export interface StoredObject {
  key: string
  size: number
}

export interface Location {
  readonly name: string
  /** Stores everything `body` yields under `key`; resolves once it is durable. Nothing is visible under `key` before that. */
  put(key: string, body: Readable): Promise<void>
  get(key: string): Promise<Readable>
  /** Every object under `prefix`. */
  list(prefix: string): Promise<StoredObject[]>
  delete(key: string): Promise<void>
}
