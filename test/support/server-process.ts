/**
 * Shared pieces of the throwaway database servers: a free port on loopback,
 * waiting for a server to listen, stopping it and removing its directory,
 * running a command as another OS user when we are root, and the rule that
 * under CI=true a missing server is an error, never a skip.
 */
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'

export interface Server {
  port: number
  username: string
  password: string
  /** Directory of the server's unix socket (and its data). */
  dir: string
  stop: () => Promise<void>
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => { resolve(port) })
    })
  })
}

export const isRoot = process.getuid?.() === 0

/** `command args` as `user` when we are root (servers that refuse to run as root), unchanged otherwise. */
export function asUser(user: string, command: string, args: string[]): [string, string[]] {
  return isRoot ? ['runuser', ['-u', user, '--', command, ...args]] : [command, args]
}

/** Waits until something accepts connections on the port, or the process exits. */
export async function waitPort(port: number, child: ChildProcess, log: () => string, ms = 60_000): Promise<void> {
  const until = Date.now() + ms
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${String(child.exitCode)}) before listening on ${port}: ${log()}`)
    const ok = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, '127.0.0.1', () => {
        sock.end()
        resolve(true)
      })
      sock.on('error', () => { resolve(false) })
    })
    if (ok) return
    if (Date.now() > until) throw new Error(`nothing listens on ${port} after ${ms} ms: ${log()}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Collects the last few kilobytes a server prints, for error messages. */
export function tail(child: ChildProcess): () => string {
  let text = ''
  const keep = (d: Buffer) => { text = (text + d.toString()).slice(-4096) }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  return () => text.trim()
}

export function stopper(child: ChildProcess, dir: string): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))])
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL')
        await exited
      }
    }
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Whether the integration tests of a server can run: true when its binaries
 * are installed; otherwise false with a loud message locally, and an error
 * under CI=true (.ci/run installs them, so a missing one is a broken CI).
 */
export function requireBinaries(kind: string, present: boolean, packages: string): boolean {
  if (present) return true
  const message = `${kind} is not installed: its integration tests cannot run (apt-get install -y ${packages})`
  if (process.env.CI === 'true') throw new Error(`${message}; .ci/run must install it`)
  process.stderr.write(`\n*** SKIPPING ${kind} INTEGRATION TESTS: ${message} ***\n\n`)
  return false
}
