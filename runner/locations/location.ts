/** One place backups are stored: streaming writes and reads, listing, deletion. */
import type { Readable } from 'node:stream'

export interface StoredObject {
  key: string
  size: number
}

/** A key a batch delete could not delete, and why. */
export interface DeleteFailure {
  key: string
  error: string
}

export interface Location {
  readonly name: string
  /** Stores everything `body` yields under `key`; resolves once it is durable. Nothing is visible under `key` before that. */
  put(key: string, body: Readable): Promise<void>
  get(key: string): Promise<Readable>
  /** Every object under `prefix`. */
  list(prefix: string): Promise<StoredObject[]>
  delete(key: string): Promise<void>
  /**
   * Every object under `prefix`, a page at a time (the store's own pages, at
   * most ~1000 objects each), so a caller never holds more than a page.
   * Objects deleted while the pages are read may make later pages skip or
   * repeat objects on some stores: a caller that deletes while it lists
   * lists again to be sure.
   */
  listPages?(prefix: string): AsyncIterable<StoredObject[]>
  /** Deletes every key (in as few requests as the store allows) and resolves to the keys it could not delete; it rejects only when it cannot say. */
  deleteMany?(keys: readonly string[]): Promise<DeleteFailure[]>
}
