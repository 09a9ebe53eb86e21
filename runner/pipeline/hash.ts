/** Counts and hashes (SHA-256) the bytes that pass through: what is stored is what is checksummed. */
import crypto from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'

export class Hasher extends Transform {
  private readonly hash = crypto.createHash('sha256')
  size = 0

  override _transform(chunk: Buffer, _e: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk)
    this.size += chunk.length
    done(null, chunk)
  }

  digest(): string {
    return this.hash.digest('hex')
  }
}
