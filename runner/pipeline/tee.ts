/**
 * One stream to every location at once, at the pace of the slowest one that
 * still works: each location reads from its own PassThrough; the source is
 * paused while any live branch is full. A location that fails is cut off and
 * its error recorded; the others carry on.
 */
import { PassThrough, type Readable } from 'node:stream'

export interface Branch {
  name: string
  stream: PassThrough
  failed?: string
}

export function tee(source: Readable, names: readonly string[]): { branches: Branch[]; fail: (name: string, error: string) => void } {
  const branches: Branch[] = names.map((name) => ({ name, stream: new PassThrough({ highWaterMark: 1024 * 1024 }) }))
  const live = () => branches.filter((b) => b.failed === undefined)
  const full = new Set<Branch>()
  const release = (b: Branch) => {
    full.delete(b)
    if (full.size === 0) source.resume()
  }
  source.on('data', (chunk: Buffer) => {
    for (const b of live()) {
      if (!b.stream.write(chunk) && !full.has(b)) {
        full.add(b)
        source.pause()
        b.stream.once('drain', () => { release(b); })
      }
    }
  })
  source.on('end', () => {
    for (const b of live()) b.stream.end()
  })
  source.on('error', (e) => {
    for (const b of live()) b.stream.destroy(e)
  })
  const fail = (name: string, error: string) => {
    const b = branches.find((x) => x.name === name)
    if (b === undefined || b.failed !== undefined) return
    b.failed = error
    b.stream.removeAllListeners('drain')
    b.stream.resume()
    if (full.has(b)) release(b)
  }
  return { branches, fail }
}
