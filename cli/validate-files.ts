/**
 * The I/O of `dbaas validate`: which files the arguments name (directories
 * recursively, `-` for stdin), reading them, and a progress line on a
 * terminal.
 */
import fs from 'node:fs'
import path from 'node:path'
import { UsageError } from './errors.js'

export const STDIN = '-'
const YAML_FILE = /\.ya?ml$/i
/** Directories never worth reading in a GitOps repository. */
const SKIP_DIRS = new Set(['node_modules'])

function walk(dir: string, out: string[]): void {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))
  for (const entry of entries) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIP_DIRS.has(entry.name)) walk(full, out)
    } else if (entry.isFile() && YAML_FILE.test(entry.name)) out.push(full)
  }
}

/** The files to read, in order: a file as given, a directory's *.yaml and *.yml files recursively (hidden directories skipped). */
export function collectFiles(inputs: string[]): string[] {
  if (inputs.length === 0) throw new UsageError('no input: name files, directories or - (stdin)')
  const out: string[] = []
  for (const input of inputs) {
    if (input === STDIN) {
      out.push(STDIN)
      continue
    }
    let stat: fs.Stats
    try {
      stat = fs.statSync(input)
    } catch {
      throw new UsageError(`${input}: no such file or directory`)
    }
    if (stat.isDirectory()) walk(input, out)
    else out.push(input)
  }
  return [...new Set(out)]
}

export function readFile(file: string, readStdin: () => string): string {
  return file === STDIN ? readStdin() : fs.readFileSync(file, 'utf8')
}

export interface Progress {
  update: (done: number, file: string) => void
  finish: () => void
}

/** Files from which a progress line is worth drawing. */
export const PROGRESS_MIN_FILES = 10

/** A single self-overwriting line on stderr, only on a terminal and only for many files; silent otherwise. */
export function progress(total: number, writeErr: (text: string) => void, isTTY: boolean): Progress {
  if (!isTTY || total < PROGRESS_MIN_FILES) return { update: () => undefined, finish: () => undefined }
  return {
    update: (done, file) => {
      writeErr(`\r\x1b[2Kvalidating ${done}/${total} ${file}`)
    },
    finish: () => {
      writeErr('\r\x1b[2K')
    },
  }
}
