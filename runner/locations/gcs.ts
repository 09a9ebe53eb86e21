/** A Google Cloud Storage bucket through the official client; resumable uploads make an object visible only once complete. */
import { Storage, type GetFilesOptions, type GetFilesResponse } from '@google-cloud/storage'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Location, StoredObject } from './location.js'

export class GcsLocation implements Location {
  readonly name: string
  private readonly bucket
  private readonly prefix: string

  /** `apiEndpoint`: another endpoint speaking the JSON API (an emulator); requests to it are not authenticated. */
  constructor(name: string, o: { bucket: string; prefix?: string; credentialsJson?: string; apiEndpoint?: string }) {
    this.name = name
    const storage = new Storage({
      ...(o.credentialsJson === undefined ? {} : { credentials: JSON.parse(o.credentialsJson) as Record<string, string> }),
      ...(o.apiEndpoint === undefined ? {} : { apiEndpoint: o.apiEndpoint, projectId: 'emulator' }),
    })
    this.bucket = storage.bucket(o.bucket)
    this.prefix = o.prefix === undefined || o.prefix === '' ? '' : `${o.prefix.replace(/\/+$/, '')}/`
  }

  async put(key: string, body: Readable): Promise<void> {
    await pipeline(body, this.bucket.file(this.prefix + key).createWriteStream({ resumable: true, validation: 'crc32c' }))
  }

  get(key: string): Promise<Readable> {
    return Promise.resolve(this.bucket.file(this.prefix + key).createReadStream())
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const [files] = await this.bucket.getFiles({ prefix: this.prefix + prefix })
    return files.map((f) => ({ key: f.name.slice(this.prefix.length), size: Number(f.metadata.size ?? 0) }))
  }

  /** The JSON API's pages (up to 1000 objects each), one request at a time. */
  async *listPages(prefix: string): AsyncIterable<StoredObject[]> {
    let query: GetFilesOptions | undefined = { prefix: this.prefix + prefix, autoPaginate: false, maxResults: 1000 }
    while (query !== undefined) {
      const res: GetFilesResponse = await this.bucket.getFiles(query)
      yield res[0].map((f) => ({ key: f.name.slice(this.prefix.length), size: Number(f.metadata.size ?? 0) }))
      const token: unknown = (res[1] as { pageToken?: unknown } | null | undefined)?.pageToken
      query = typeof token === 'string' && token !== '' ? { ...query, pageToken: token } : undefined
    }
  }

  async delete(key: string): Promise<void> {
    await this.bucket.file(this.prefix + key).delete({ ignoreNotFound: true })
  }
}
