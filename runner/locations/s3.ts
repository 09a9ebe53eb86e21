/**
 * An S3-compatible bucket through the AWS SDK v3: multipart upload in
 * constant memory (lib-storage Upload: two parts in flight at most); an
 * object only exists once the upload completes, and a failed upload is
 * aborted, so an interrupted backup leaves no complete object. (A process
 * killed mid-upload leaves an incomplete multipart upload, invisible to
 * listings: a bucket lifecycle rule AbortIncompleteMultipartUpload removes it.)
 */
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import https from 'node:https'
import { Readable } from 'node:stream'
import type { Location, StoredObject } from './location.js'

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

export class S3Location implements Location {
  readonly name: string
  private readonly client: S3Client
  private readonly bucket: string
  private readonly prefix: string
  private readonly partSize: number

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
    let token: string | undefined
    do {
      const res = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix + prefix, ...(token === undefined ? {} : { ContinuationToken: token }) }))
      for (const o of res.Contents ?? []) if (o.Key !== undefined) out.push({ key: o.Key.slice(this.prefix.length), size: o.Size ?? 0 })
      token = res.IsTruncated === true ? res.NextContinuationToken : undefined
    } while (token !== undefined)
    return out
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }))
  }
}
