#!/usr/bin/env node
/** Entry point of the `dbaas` command: exit 0 on success, 1 on a problem with the input, 2 on a usage error. */
import { CommanderError } from 'commander'
import { UsageError } from './errors.js'
import { buildProgram } from './program.js'

try {
  await buildProgram((text) => process.stdout.write(text)).parseAsync(process.argv)
} catch (error: unknown) {
  if (error instanceof CommanderError) {
    // Commander has printed the message (or the help, or the version) already.
    process.exitCode = error.exitCode === 0 ? 0 : 2
  } else {
    process.stderr.write(`dbaas: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = error instanceof UsageError ? 2 : 1
  }
}
