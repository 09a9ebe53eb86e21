#!/usr/bin/env node
/**
 * The backup runner. `serve` runs in the runner Deployment; the other
 * commands are what people run with `kubectl exec deploy/<name> --
 * node dist/runner/main.js <command>`: they talk to the serving process,
 * wait, stream progress, and exit non-zero on any failure (1 failed,
 * 2 usage, 3 another action is running).
 */
import { Command, InvalidArgumentError } from 'commander'
import { call, DEFAULT_SOCKET, EXIT, renderList } from './client.js'

// The exec commands load only what talks to the socket; `serve` loads the rest.
const socket = process.env.DBAAS_RUNNER_SOCKET ?? DEFAULT_SOCKET
const output = { out: (t: string) => void process.stdout.write(t), err: (t: string) => void process.stderr.write(t) }

function rfc3339(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) throw new InvalidArgumentError('not an RFC 3339 time (2026-07-01T12:00:00Z)')
  return new Date(Date.parse(value)).toISOString().replace(/\.000Z$/, 'Z')
}

function restoreUsage(o: { backup?: string; at?: string; to?: string; inPlace?: boolean; confirm?: string }): string | undefined {
  if ((o.backup === undefined) === (o.at === undefined)) return 'give exactly one of --backup <id> and --at <time>'
  if (o.inPlace === true && o.confirm === undefined) return '--in-place replaces data: add --confirm <the databases being replaced>'
  if (o.inPlace === true && o.to !== undefined) return '--in-place and --to exclude each other'
  if (o.inPlace !== true && o.confirm !== undefined) return '--confirm goes with --in-place'
  return undefined
}

const program = new Command('runner')
  .description('The dbaas backup runner: `serve` in its Deployment, the other commands through kubectl exec.')
  .showHelpAfterError()
  .exitOverride((e) => process.exit(e.exitCode === 0 ? EXIT.ok : EXIT.usage))
program.command('serve').description('Run the schedule and answer commands (the Deployment\'s process).').action(async () => {
  const { serve } = await import('./serve.js')
  await serve(socket)
})
program
  .command('backup')
  .description('Back up now to every location; waits and streams progress (exit code is the result) unless --async.')
  .option('--async', 'return as soon as the backup has started')
  .action(async (o: { async?: boolean }) => {
    process.exitCode = await call(socket, '/backup', o.async === true ? { async: true } : {}, output)
  })
program
  .command('list')
  .description('Backups in every location, with times, sizes and checksum status.')
  .option('--verify', 'read every backup and compare its SHA-256 with its manifest')
  .option('--json', 'print JSON')
  .action(async (o: { verify?: boolean; json?: boolean }) => {
    process.exitCode = await call(socket, '/list', { verify: o.verify === true }, output, o.json === true ? undefined : renderList)
  })
program
  .command('restore')
  .description('Restore a backup into new databases (default), or in place with --in-place --confirm <databases>.')
  .option('--backup <id>', 'the backup id (see list)')
  .option('--at <time>', 'the newest backup taken at or before this time (RFC 3339)', rfc3339)
  .option('--database <name...>', 'restore only these databases of the backup')
  .option('--to <database>', 'name of the new database (one database)')
  .option('--in-place', 'replace the original databases (they are dropped first)')
  .option('--confirm <databases>', 'with --in-place: exactly the databases being replaced, comma-separated')
  .action(async (o: { backup?: string; at?: string; database?: string[]; to?: string; inPlace?: boolean; confirm?: string }) => {
    const problem = restoreUsage(o)
    if (problem !== undefined) {
      process.stderr.write(`error: ${problem}\n`)
      process.exitCode = EXIT.usage
      return
    }
    const input = { ...(o.backup === undefined ? {} : { id: o.backup }), ...(o.at === undefined ? {} : { at: o.at }), ...(o.database === undefined ? {} : { databases: o.database }), ...(o.to === undefined ? {} : { to: o.to }), ...(o.inPlace === true ? { confirm: o.confirm } : {}) }
    process.exitCode = await call(socket, '/restore', input, output)
  })
program.command('verify').description('Restore the newest backup into scratch databases, check them, drop them.').action(async () => {
  process.exitCode = await call(socket, '/verify', {}, output)
})
program.command('status').description('The runner\'s report, what is running, and the next scheduled runs.').action(async () => {
  process.exitCode = await call(socket, '/status', {}, output)
})

await program.parseAsync(process.argv)
