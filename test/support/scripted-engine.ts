/** A backup engine without a server: its dump is a scripted stream of random bytes (tests of the pipeline and the service). */
import crypto from 'node:crypto'
import { PassThrough } from 'node:stream'
import type { BackupEngine, DumpProcess } from '../../runner/engines/engine.js'

/** An engine whose dump is a scripted stream: `size` bytes, then optionally an error. */
export function scriptedEngine(size: number, o: { failAfter?: number; slow?: boolean } = {}): BackupEngine & { killed: number } {
  const engine = {
    killed: 0,
    name: 'postgresql' as const,
    version: () => Promise.resolve('1.0'),
    databases: () => Promise.resolve(['app']),
    parts: (dbs: readonly string[]) => dbs.map((d) => ({ name: `db:${d}`, format: 'raw', database: d })),
    dump: (): DumpProcess => {
      const stream = new PassThrough()
      let stopped = false
      void (async () => {
        for (let sent = 0; sent < size && !stopped; sent += 65_536) {
          if (o.failAfter !== undefined && sent >= o.failAfter) {
            stream.end()
            return
          }
          if (!stream.write(crypto.randomBytes(65_536))) await new Promise((r) => stream.once('drain', r))
          if (o.slow === true) await new Promise((r) => setTimeout(r, 5))
        }
        stream.end()
      })()
      const done = new Promise<void>((resolve, reject) => {
        stream.on('end', () => {
          if (o.failAfter === undefined) resolve()
          else reject(new Error('dump tool failed (exit 1): server closed the connection'))
        })
      })
      done.catch(() => undefined)
      const kill = () => {
        if (!stopped) engine.killed++
        stopped = true
        stream.end()
      }
      return { stream, done, kill }
    },
    restore: () => Promise.reject(new Error('not used')),
    dropDatabase: () => Promise.resolve(),
    exists: () => Promise.resolve(false),
    tables: () => Promise.resolve(3),
  }
  return engine
}

