/** Client tools as child processes: streams out and in, errors with the tool's own message, secrets only in the environment or in private files. */
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { DumpProcess, RestoreProcess } from './engine.js'

export interface Tool {
  command: string
  args: string[]
  env: Record<string, string>
  /** Removes what the tool needed only while it ran (a private config file). */
  cleanup?: () => void
}

/** Writes a secret into a file only this user can read, in a fresh private directory; returns its path and how to remove it. */
export function privateFile(name: string, content: string): { file: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbaas-runner-'))
  fs.chmodSync(dir, 0o700)
  const file = path.join(dir, name)
  fs.writeFileSync(file, content, { mode: 0o600 })
  return { file, remove: () => { fs.rmSync(dir, { recursive: true, force: true }) } }
}

function failure(tool: Tool, code: number | null, signal: NodeJS.Signals | null, stderr: string): Error {
  const why = signal === null ? `exit ${String(code)}` : `killed by ${signal}`
  return new Error(`${tool.command} failed (${why}): ${stderr.trim().split('\n').slice(-3).join(' ') || 'no message'}`)
}

function start(tool: Tool, stdin: 'pipe' | 'ignore'): { child: ChildProcess; done: Promise<void> } {
  const child = spawn(tool.command, tool.args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.tmpdir(), ...tool.env }, stdio: [stdin, 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-8192)
  })
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (e) => {
      tool.cleanup?.()
      reject(new Error(`${tool.command}: ${e.message}`))
    })
    child.on('close', (code, signal) => {
      tool.cleanup?.()
      if (code === 0) resolve()
      else reject(failure(tool, code, signal, stderr))
    })
  })
  // A rejection nobody awaits yet (a dump killed before its end) must not crash the runner.
  done.catch(() => undefined)
  return { child, done }
}

/** A tool whose stdout is the data (a dump). */
export function produce(tool: Tool): DumpProcess {
  const { child, done } = start(tool, 'ignore')
  if (child.stdout === null) throw new Error(`${tool.command}: no output stream`)
  return { stream: child.stdout, done, kill: () => child.kill('SIGKILL') }
}

/** A tool that reads the data on stdin (a restore). */
export function consume(tool: Tool): RestoreProcess {
  const { child, done } = start(tool, 'pipe')
  if (child.stdin === null) throw new Error(`${tool.command}: no input stream`)
  child.stdout?.resume()
  // EPIPE when the tool exits early is reported through `done`, with the tool's own message.
  child.stdin.on('error', () => undefined)
  return { stdin: child.stdin, done }
}

/** A tool run for its output (a query). */
export async function run(tool: Tool, input?: string): Promise<string> {
  const { child, done } = start(tool, input === undefined ? 'ignore' : 'pipe')
  let out = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stdin?.on('error', () => undefined)
  child.stdin?.end(input)
  await done
  return out
}
