/**
 * A backup holds several parts (one per database, plus global objects), each
 * a stream of unknown length. Framing: for each part a header frame carrying
 * its JSON description, then data frames, then an empty frame; a final
 * header-less end marker closes the stream, so a truncated backup is detected.
 * Frame = type byte (H header, D data, E end-of-part, Z end-of-backup) + 4-byte
 * big-endian length + payload.
 */
import { Transform, type TransformCallback } from 'node:stream'

/** No frame is larger: a bigger length means a corrupted stream (checked before buffering it). */
export const MAX_FRAME = 16 * 1024 * 1024

export interface PartHeader {
  /** `db:<name>` for a database, `globals` for roles and tablespaces. */
  name: string
  format: string
  database?: string
}

function frame(type: 'H' | 'D' | 'E' | 'Z', payload: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(5)
  head.write(type, 0, 'ascii')
  head.writeUInt32BE(payload.length, 1)
  return Buffer.concat([head, payload])
}

export const frames = {
  header: (h: PartHeader) => frame('H', Buffer.from(JSON.stringify(h))),
  data: (chunk: Buffer) => frame('D', chunk),
  endPart: () => frame('E'),
  end: () => frame('Z'),
}

export type FrameEvent = { type: 'header'; header: PartHeader } | { type: 'data'; chunk: Buffer } | { type: 'endPart' } | { type: 'end' }

/** Parses a framed stream into events (object mode). Errors on truncation or garbage. */
export class FrameDecoder extends Transform {
  private buffer: Buffer = Buffer.alloc(0)
  private ended = false

  constructor() {
    super({ readableObjectMode: true })
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk])
    try {
      this.drain()
      done()
    } catch (error: unknown) {
      done(error as Error)
    }
  }

  override _flush(done: TransformCallback): void {
    done(this.ended && this.buffer.length === 0 ? undefined : new Error('the backup stream is truncated: its end marker is missing'))
  }

  private drain(): void {
    while (this.buffer.length >= 5) {
      const type = this.buffer.toString('ascii', 0, 1)
      const length = this.buffer.readUInt32BE(1)
      if (!'HDEZ'.includes(type)) throw new Error(`not a backup stream (frame type ${JSON.stringify(type)})`)
      if (length > MAX_FRAME) throw new Error(`corrupted backup stream (a frame of ${length} bytes)`)
      if (this.buffer.length < 5 + length) return
      const payload = this.buffer.subarray(5, 5 + length)
      this.buffer = this.buffer.subarray(5 + length)
      if (this.ended) throw new Error('data after the end of the backup stream')
      if (type === 'H') this.push({ type: 'header', header: JSON.parse(payload.toString('utf8')) as PartHeader })
      else if (type === 'D') this.push({ type: 'data', chunk: Buffer.from(payload) })
      else if (type === 'E') this.push({ type: 'endPart' })
      else if (type === 'Z') {
        this.ended = true
        this.push({ type: 'end' })
      } else throw new Error(`not a backup stream (frame type ${JSON.stringify(type)})`)
    }
  }
}
