/**
 * Client-side encryption: AES-256-GCM over chunks (an authenticated cipher
 * per chunk, in constant memory). Format: magic `DBAASENC1`, a 12-byte
 * random base nonce, then chunks of [4-byte length | ciphertext | 16-byte
 * tag]; the nonce of chunk n is the base nonce XOR n, and the last chunk's
 * length has its top bit set, so reordering, truncation and tampering all
 * fail authentication. The key is derived from the storage class's key with
 * HKDF-SHA256.
 */
import crypto from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'

const MAGIC = Buffer.from('DBAASENC1')
const CHUNK = 64 * 1024
const LAST = 0x80000000

export function deriveKey(material: string | Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', Buffer.from(material), Buffer.alloc(0), Buffer.from('dbaas-backup-v1'), 32))
}

function nonceFor(base: Buffer, counter: number): Buffer {
  const n = Buffer.from(base)
  n.writeUInt32BE((n.readUInt32BE(8) ^ counter) >>> 0, 8)
  return n
}

export class Encrypt extends Transform {
  private pending = Buffer.alloc(0)
  private counter = 0
  private readonly key: Buffer
  private readonly base = crypto.randomBytes(12)

  constructor(key: Buffer) {
    super()
    this.key = key
    this.push(Buffer.concat([MAGIC, this.base]))
  }

  private seal(plain: Buffer, last: boolean): Buffer {
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, nonceFor(this.base, this.counter++))
    cipher.setAAD(Buffer.from([last ? 1 : 0]))
    const body = Buffer.concat([cipher.update(plain), cipher.final()])
    const len = Buffer.alloc(4)
    len.writeUInt32BE((body.length | (last ? LAST : 0)) >>> 0)
    return Buffer.concat([len, body, cipher.getAuthTag()])
  }

  override _transform(chunk: Buffer, _e: BufferEncoding, done: TransformCallback): void {
    this.pending = Buffer.concat([this.pending, chunk])
    while (this.pending.length > CHUNK) {
      this.push(this.seal(this.pending.subarray(0, CHUNK), false))
      this.pending = this.pending.subarray(CHUNK)
    }
    done()
  }

  override _flush(done: TransformCallback): void {
    this.push(this.seal(this.pending, true))
    done()
  }
}

export class Decrypt extends Transform {
  private buffer = Buffer.alloc(0)
  private base: Buffer | undefined
  private counter = 0
  private done = false
  private readonly key: Buffer

  constructor(key: Buffer) {
    super()
    this.key = key
  }

  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    this.buffer = Buffer.concat([this.buffer, chunk])
    try {
      this.drain()
      cb()
    } catch (error: unknown) {
      cb(error as Error)
    }
  }

  override _flush(cb: TransformCallback): void {
    cb(this.done && this.buffer.length === 0 ? undefined : new Error('the encrypted backup is truncated'))
  }

  private drain(): void {
    if (this.base === undefined) {
      if (this.buffer.length < MAGIC.length + 12) return
      if (!this.buffer.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not an encrypted backup (bad magic)')
      this.base = Buffer.from(this.buffer.subarray(MAGIC.length, MAGIC.length + 12))
      this.buffer = this.buffer.subarray(MAGIC.length + 12)
    }
    while (this.buffer.length >= 4) {
      const raw = this.buffer.readUInt32BE(0)
      const last = (raw & LAST) !== 0
      const len = raw & ~LAST
      if (this.buffer.length < 4 + len + 16) return
      if (this.done) throw new Error('data after the last encrypted chunk')
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, nonceFor(this.base, this.counter++))
      decipher.setAAD(Buffer.from([last ? 1 : 0]))
      decipher.setAuthTag(this.buffer.subarray(4 + len, 4 + len + 16))
      this.push(Buffer.concat([decipher.update(this.buffer.subarray(4, 4 + len)), decipher.final()]))
      this.buffer = this.buffer.subarray(4 + len + 16)
      if (last) this.done = true
    }
  }
}
