#!/usr/bin/env node
/** Entry point of the `dbaas` command. */
import { buildProgram } from './program.js'

try {
  await buildProgram((text) => process.stdout.write(text)).parseAsync(process.argv)
} catch (error: unknown) {
  process.stderr.write(`dbaas: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
}
