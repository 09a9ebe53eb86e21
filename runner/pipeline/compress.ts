/**
 * Compression: gzip in-process (node:zlib), zstd through the `zstd` binary
 * (Node 20 has no zstd). The zstd stream ends only once the process exited
 * successfully, so corrupt input or a crashed zstd is an error, never a
 * silently short stream; destroying it kills the process.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process'
import { Duplex, PassThrough, type Readable, type Writable } from 'node:stream'
import zlib from 'node:zlib'

class ZstdStream extends Duplex {
  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>
  private stderr = ''
  private exited: Error | null | undefined

  constructor(args: string[]) {
    super()
    this.child = spawn('zstd', args, { stdio: ['pipe', 'pipe', 'pipe'] })
    this.child.stdout.on('data', (d: Buffer) => {
      if (!this.push(d)) this.child.stdout.pause()
    })
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-2048)
    })
    // A closed pipe (zstd died) is reported by the exit status below.
    this.child.stdin.on('error', () => undefined)
    this.child.on('error', (e) => this.destroy(new Error(`zstd: ${e.message}`)))
    this.child.on('close', (code, signal) => {
      this.exited = code === 0 ? null : new Error(`zstd failed (${signal === null ? `exit ${String(code)}` : signal}): ${this.stderr.trim() || 'no message'}`)
      if (this.exited === null) this.push(null)
      else this.destroy(this.exited)
    })
  }

  override _read(): void {
    this.child.stdout.resume()
  }

  override _write(chunk: Buffer, _e: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.exited !== undefined) {
      done(this.exited ?? new Error('zstd exited early'))
      return
    }
    if (this.child.stdin.write(chunk)) done()
    else {
      const go = () => {
        this.child.off('close', go)
        this.child.stdin.off('drain', go)
        done(this.exited ?? null)
      }
      this.child.stdin.once('drain', go)
      this.child.once('close', go)
    }
  }

  override _final(done: (error?: Error | null) => void): void {
    this.child.stdin.end(() => { done() })
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL')
    done(error)
  }
}

export function compressor(kind: 'zstd' | 'gzip' | 'none'): Duplex {
  if (kind === 'gzip') return zlib.createGzip({ level: 6 })
  if (kind === 'zstd') return new ZstdStream(['-q', '-3', '-c', '-T0'])
  return new PassThrough()
}

export function decompressor(kind: 'zstd' | 'gzip' | 'none'): Duplex {
  if (kind === 'gzip') return zlib.createGunzip()
  if (kind === 'zstd') return new ZstdStream(['-q', '-d', '-c'])
  return new PassThrough()
}
