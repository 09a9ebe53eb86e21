/**
 * One stream to every location at once, at the pace of the slowest location
 * that still works, in constant memory: the Tee is the last stage of the
 * backup pipeline and accepts the next chunk only once every live branch has
 * room for it. A location that fails is cut off (`fail`) and its error
 * recorded; the others carry on. When every location has failed, the Tee
 * errors, which stops the dump.
 */
import { PassThrough, Writable } from 'node:stream'

const BRANCH_BUFFER = 1024 * 1024

export interface Branch {
  name: string
  stream: PassThrough
  failed?: string
}

export class Tee extends Writable {
  readonly branches: Branch[]
  private readonly waiting = new Map<Branch, () => void>()
  /** The stream was stopped as a whole: later branch failures are its consequence, not the location's own. */
  private stopped = false

  constructor(names: readonly string[]) {
    super({ highWaterMark: BRANCH_BUFFER })
    this.branches = names.map((name) => {
      const stream = new PassThrough({ highWaterMark: BRANCH_BUFFER })
      // A branch's errors reach its location's put(), which reports them; never an unhandled 'error'.
      stream.on('error', () => undefined)
      return { name, stream }
    })
  }

  private live(): Branch[] {
    return this.branches.filter((b) => b.failed === undefined)
  }

  private allFailed(): Error {
    return new Error(`every location failed: ${this.branches.map((b) => `${b.name}: ${b.failed ?? ''}`).join('; ')}`)
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    const live = this.live()
    if (live.length === 0) {
      done(this.allFailed())
      return
    }
    const full = live.filter((b) => !b.stream.write(chunk))
    if (full.length === 0) {
      done()
      return
    }
    void Promise.all(full.map((b) => new Promise<void>((resolve) => {
      const release = () => {
        this.waiting.delete(b)
        b.stream.off('drain', release)
        resolve()
      }
      this.waiting.set(b, release)
      b.stream.on('drain', release)
    }))).then(() => { done(this.live().length === 0 ? this.allFailed() : null) })
  }

  override _final(done: (error?: Error | null) => void): void {
    for (const b of this.live()) b.stream.end()
    done()
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    // After a normal finish (autoDestroy) the branches were ended and drain by themselves.
    if (error !== null || !this.writableFinished) {
      this.stopped = true
      for (const b of this.live()) b.stream.destroy(error ?? new Error('the backup stream was stopped'))
    }
    done(error)
  }

  /** Cuts a location off after its upload failed; the stream goes on for the others. */
  fail(name: string, error: string): void {
    const b = this.branches.find((x) => x.name === name)
    if (b === undefined || b.failed !== undefined || this.stopped) return
    b.failed = error
    b.stream.resume()
    this.waiting.get(b)?.()
  }
}
