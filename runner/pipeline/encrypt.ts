/**
 * Client-side encryption: AES-256-GCM over chunks, in constant memory.
 *
 * Format (all integers big-endian):
 *
 *   header   = "DBAASENC" | version 0x02 | salt (32 random bytes)          41 bytes
 *   chunk i  = length (4 bytes: plaintext bytes, top bit set on the last
 *              chunk) | ciphertext (length bytes) | GCM tag (16 bytes)
 *
 *   key      = HKDF-SHA256(ikm = the storage class's ENCRYPTION_KEY, no salt,
 *              info "dbaas-backup-v1"), 32 bytes           (deriveKey)
 *   subkey   = HKDF-SHA256(ikm = key, salt, info "dbaas-backup-chunks-v2")
 *   nonce i  = 8 zero bytes | i (4 bytes)     (unique: a fresh subkey per backup)
 *   AAD i    = header | the chunk's 4 length bytes
 *
 * Chunks hold 64 KiB of plaintext, except the last (0 to 64 KiB). Every
 * chunk authenticates its position (nonce), the header (AAD) and whether it
 * is the last (AAD), so tampering, reordering, dropping chunks, truncation
 * and appended data all fail. A backup holds at most 2^32 chunks (256 TiB).
 */
import crypto from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'

const MAGIC = Buffer.from('DBAASENC')
const VERSION = 0x02
const SALT = 32
const HEADER = MAGIC.length + 1 + SALT
const CHUNK = 64 * 1024
const TAG = 16
const LAST = 0x80000000
const MAX_CHUNKS = 2 ** 32

export function deriveKey(material: string | Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', Buffer.from(material), Buffer.alloc(0), Buffer.from('dbaas-backup-v1'), 32))
}

function subkey(key: Buffer, salt: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', key, salt, Buffer.from('dbaas-backup-chunks-v2'), 32))
}

function nonce(counter: number): Buffer {
  const n = Buffer.alloc(12)
  n.writeUInt32BE(counter, 8)
  return n
}

function lengthField(length: number, last: boolean): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32BE((length | (last ? LAST : 0)) >>> 0)
  return b
}

export class Encrypt extends Transform {
  private pending: Buffer[] = []
  private pendingBytes = 0
  private counter = 0
  private readonly header: Buffer
  private readonly key: Buffer

  constructor(key: Buffer) {
    super()
    const salt = crypto.randomBytes(SALT)
    this.header = Buffer.concat([MAGIC, Buffer.from([VERSION]), salt])
    this.key = subkey(key, salt)
    this.push(this.header)
  }

  private seal(plain: Buffer, last: boolean): Buffer {
    if (this.counter >= MAX_CHUNKS) throw new Error('the backup is too large to encrypt (2^32 chunks)')
    const len = lengthField(plain.length, last)
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, nonce(this.counter++))
    cipher.setAAD(Buffer.concat([this.header, len]))
    return Buffer.concat([len, cipher.update(plain), cipher.final(), cipher.getAuthTag()])
  }

  override _transform(chunk: Buffer, _e: BufferEncoding, done: TransformCallback): void {
    this.pending.push(chunk)
    this.pendingBytes += chunk.length
    try {
      if (this.pendingBytes > CHUNK) {
        let all = Buffer.concat(this.pending)
        while (all.length > CHUNK) {
          this.push(this.seal(all.subarray(0, CHUNK), false))
          all = all.subarray(CHUNK)
        }
        this.pending = [all]
        this.pendingBytes = all.length
      }
      done()
    } catch (error: unknown) {
      done(error as Error)
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      this.push(this.seal(Buffer.concat(this.pending), true))
      done()
    } catch (error: unknown) {
      done(error as Error)
    }
  }
}

export class Decrypt extends Transform {
  private buffer: Buffer = Buffer.alloc(0)
  private header: Buffer | undefined
  private key: Buffer | undefined
  private counter = 0
  private ended = false
  private readonly master: Buffer

  constructor(key: Buffer) {
    super()
    this.master = key
  }

  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk])
    try {
      this.drain()
      cb()
    } catch (error: unknown) {
      cb(error as Error)
    }
  }

  override _flush(cb: TransformCallback): void {
    cb(this.ended && this.buffer.length === 0 ? undefined : new Error('the encrypted backup is truncated'))
  }

  private drain(): void {
    if (this.header === undefined) {
      if (this.buffer.length < HEADER) return
      if (!this.buffer.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not an encrypted backup (bad magic)')
      if (this.buffer[MAGIC.length] !== VERSION) throw new Error(`unknown encryption format version ${String(this.buffer[MAGIC.length])}`)
      this.header = Buffer.from(this.buffer.subarray(0, HEADER))
      this.key = subkey(this.master, this.header.subarray(MAGIC.length + 1))
      this.buffer = this.buffer.subarray(HEADER)
    }
    while (this.buffer.length >= 4) {
      if (this.ended) throw new Error('data after the last encrypted chunk')
      const raw = this.buffer.readUInt32BE(0)
      const last = (raw & LAST) !== 0
      const len = raw & ~LAST
      if (len > CHUNK) throw new Error('corrupted encrypted backup (chunk length out of range)')
      if (this.buffer.length < 4 + len + TAG) return
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key ?? Buffer.alloc(32), nonce(this.counter++))
      decipher.setAAD(Buffer.concat([this.header, this.buffer.subarray(0, 4)]))
      decipher.setAuthTag(this.buffer.subarray(4 + len, 4 + len + TAG))
      try {
        this.push(Buffer.concat([decipher.update(this.buffer.subarray(4, 4 + len)), decipher.final()]))
      } catch {
        throw new Error('the encrypted backup does not authenticate (wrong key, or the data was altered)')
      }
      this.buffer = this.buffer.subarray(4 + len + TAG)
      if (last) this.ended = true
    }
  }
}
