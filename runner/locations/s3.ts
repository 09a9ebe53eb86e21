/**
 * An S3-compatible bucket through the AWS SDK v3: multipart upload in
 * constant memory (lib-storage Upload); an object only exists once the
 * upload completes, so an interrupted backup leaves no complete object.
 */
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { Readable } from 'node:stream'
import type { Location, StoredObject } from './location.js'

export interface S3Options {
  bucket: string
  prefix?: string
  region?: string
  endpoint?: string
  forcePathStyle: boolean
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
}

export class S3Location implements Location {
  readonly name: string
  private readonly client: S3Client
  private readonly bucket: string
  private readonly prefix: string

  constructor(name: string, o: S3Options) {
    this.name = name
    this.bucket = o.bucket
    this.prefix = o.prefix === undefined || o.prefix === '' ? '' : `${o.prefix.replace(/\/+$/, '')}/`
    this.client = new S3Client({
      region: o.region ?? 'us-east-1',
      forcePathStyle: o.forcePathStyle,
      ...(o.endpoint === undefined ? {} : { endpoint: o.endpoint }),
      ...(o.credentials === undefined ? {} : { credentials: o.credentials }),
    })
  }

  async put(key: string, body: Readable): Promise<void> {
    const upload = new Upload({ client: this.client, params: { Bucket: this.bucket, Key: this.prefix + key, Body: body }, queueSize: 2, partSize: 8 * 1024 * 1024, leavePartsOnError: false })
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
