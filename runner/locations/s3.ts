/**
 * An S3-compatible bucket through the AWS SDK v3: multipart upload in
 * constant memory (lib-storage Upload: two parts in flight at most); an
 * object only exists once the upload completes, and a failed upload is
 * aborted, so an interrupted backup leaves no complete object. (A process
 * killed mid-upload leaves an incomplete multipart upload, invisible to
 * listings: a bucket lifecycle rule AbortIncompleteMultipartUpload removes it.)
 */
import { DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import https from 'node:https'
import { Readable } from 'node:stream'
import type { DeleteFailure, Location, StoredObject } from './location.js'

export interface S3Options {
  bucket: string
  prefix?: string
  region?: string
  endpoint?: string
  forcePathStyle: boolean
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  /** A CA bundle for a private endpoint, or no verification at all (insecureSkipTLSVerify). */
  tls?: { ca?: string; insecureSkipVerify: boolean }
  /** Part size of multipart uploads (default 8 MiB; S3's minimum is 5 MiB). */
  partSize?: number
}

const DEFAULT_PART = 8 * 1024 * 1024
/** S3's limit of keys per DeleteObjects request. */
export const DELETE_BATCH = 1000
/** Single deletes in flight when a store does not implement DeleteObjects. */
const SINGLE_DELETES = 8

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function notImplemented(error: unknown): boolean {
  const e = error as { name?: unknown; Code?: unknown; $metadata?: { httpStatusCode?: unknown } }
  return e.$metadata?.httpStatusCode === 501 || e.name === 'NotImplemented' || e.Code === 'NotImplemented'
}

export class S3Location implements Location {
  readonly name: string
  private readonly client: S3Client
  private readonly bucket: string
  private readonly prefix: string
  private readonly partSize: number
  /** Set once the store answered DeleteObjects with 501 Not Implemented: single deletes from then on. */
  private noBatchDelete = false

  constructor(name: string, o: S3Options) {
    this.name = name
    this.bucket = o.bucket
    this.prefix = o.prefix === undefined || o.prefix === '' ? '' : `${o.prefix.replace(/\/+$/, '')}/`
    this.partSize = o.partSize ?? DEFAULT_PART
    const agent = o.tls === undefined ? undefined : new https.Agent({ ...(o.tls.ca === undefined ? {} : { ca: o.tls.ca }), rejectUnauthorized: !o.tls.insecureSkipVerify, keepAlive: true })
    this.client = new S3Client({
      ...(agent === undefined ? {} : { requestHandler: { httpsAgent: agent } }),
      region: o.region ?? 'us-east-1',
      forcePathStyle: o.forcePathStyle,
      ...(o.endpoint === undefined ? {} : { endpoint: o.endpoint }),
      ...(o.credentials === undefined ? {} : { credentials: o.credentials }),
    })
  }

  async put(key: string, body: Readable): Promise<void> {
    const upload = new Upload({ client: this.client, params: { Bucket: this.bucket, Key: this.prefix + key, Body: body }, queueSize: 2, partSize: this.partSize, leavePartsOnError: false })
    await upload.done()
  }

  async get(key: string): Promise<Readable> {
    const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }))
    if (!(res.Body instanceof Readable)) throw new Error(`no body for ${key}`)
    return res.Body
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const out: StoredObject[] = []
    for await (const page of this.listPages(prefix)) out.push(...page)
    return out
  }

  /** ListObjectsV2, one page (up to 1000 objects) at a time. */
  async *listPages(prefix: string): AsyncIterable<StoredObject[]> {
    let token: string | undefined
    do {
      const res = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix + prefix, ...(token === undefined ? {} : { ContinuationToken: token }) }))
      const page: StoredObject[] = []
      for (const o of res.Contents ?? []) if (o.Key !== undefined) page.push({ key: o.Key.slice(this.prefix.length), size: o.Size ?? 0 })
      yield page
      token = res.IsTruncated === true ? res.NextContinuationToken : undefined
    } while (token !== undefined)
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }))
  }

  /**
   * DeleteObjects in batches of at most 1000 keys (quiet: the answer lists
   * only the keys that failed). A batch the store refuses as a whole fails
   * all its keys with that error; a store without DeleteObjects (501) gets
   * single deletes instead.
   */
  async deleteMany(keys: readonly string[]): Promise<DeleteFailure[]> {
    const failures: DeleteFailure[] = []
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const batch = keys.slice(i, i + DELETE_BATCH)
      if (!this.noBatchDelete) {
        try {
          const res = await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((k) => ({ Key: this.prefix + k })), Quiet: true } }))
          for (const e of res.Errors ?? []) {
            const key = e.Key === undefined ? '(no key)' : e.Key.startsWith(this.prefix) ? e.Key.slice(this.prefix.length) : e.Key
            failures.push({ key, error: [e.Code, e.Message].filter((t) => t !== undefined && t !== '').join(': ') || 'not deleted' })
          }
          continue
        } catch (error: unknown) {
          if (!notImplemented(error)) {
            failures.push(...batch.map((key) => ({ key, error: errorText(error) })))
            continue
          }
          this.noBatchDelete = true
        }
      }
      let next = 0
      const worker = async (): Promise<void> => {
        while (next < batch.length) {
          const key = batch[next++] as string
          try {
            await this.delete(key)
          } catch (error: unknown) {
            failures.push({ key, error: errorText(error) })
          }
        }
      }
      await Promise.all(Array.from({ length: Math.min(SINGLE_DELETES, batch.length) }, worker))
    }
    return failures
  }
}
