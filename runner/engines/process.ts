/** Client tools as child processes: streams out and in, errors with the tool's own message, secrets only in the environment. */
import { type ChildProcess, spawn } from 'node:child_process'
import type { Readable, Writable } from 'node:stream'

export interface Tool {
  command: string
  args: string[]
  env: Record<string, string>
}

function failure(tool: Tool, code: number | null, stderr: string): Error {
  return new Error(`${tool.command} failed (exit ${String(code)}): ${stderr.trim().split('\n').slice(-3).join(' ') || 'no message'}`)
}

function start(tool: Tool, stdin: 'pipe' | 'ignore'): { child: ChildProcess; done: Promise<void> } {
  const child = spawn(tool.command, tool.args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...tool.env }, stdio: [stdin, 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-8192)
  })
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (e) => { reject(new Error(`${tool.command}: ${e.message}`)); })
    child.on('close', (code) => {
      if (code === 0) resolve()
      else reject(failure(tool, code, stderr))
    })
  })
  return { child, done }
}

/** A tool whose stdout is the data (a dump). */
export function produce(tool: Tool): { stream: Readable; done: Promise<void>; kill: () => void } {
  const { child, done } = start(tool, 'ignore')
  return { stream: child.stdout as Readable, done, kill: () => child.kill('SIGKILL') }
}

/** A tool that reads the data on stdin (a restore). */
export function consume(tool: Tool): { stdin: Writable; done: Promise<void> } {
  const { child, done } = start(tool, 'pipe')
  child.stdout?.resume()
  return { stdin: child.stdin as Writable, done }
}

/** A tool run for its output (a query). */
export async function run(tool: Tool): Promise<string> {
  const { child, done } = start(tool, 'ignore')
  let out = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  await done
  return out
}
