/** The `dbaas` command line: offline tools for users and GitOps pipelines. */
import fs from 'node:fs'
import { Command, Option } from 'commander'
import { DEFAULT_CONFIG } from '../providers/shared/defaults.js'
import { explain } from './explain.js'
import { formatYaml, parseDocuments, readInput, renderDocuments } from './render.js'
import { type Io, addValidateCommand } from './validate-command.js'
import { packageVersion } from './version.js'

export type { Io } from './validate-command.js'

function nowSeconds(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}

const PROGRAM_HELP = `
Exit codes: 0 success, 1 a problem with the input (invalid objects, no
DatabaseCluster to render), 2 a usage error.

Examples:
  $ dbaas render -f examples/postgresql-production.yaml
  $ dbaas validate manifests/ examples/
  $ dbaas explain postgresql
  $ dbaas help validate
`

const RENDER_HELP = `
Examples:
  $ dbaas render                                    # the built-in seed example
  $ dbaas render -f examples/postgresql-production.yaml
  $ dbaas render -f cluster.yaml -o json --now 2026-01-01T00:00:00Z
  $ kustomize build overlays/prod | dbaas render -f -
`

const EXPLAIN_HELP = `
Examples:
  $ dbaas explain              # the capability matrix of every engine
  $ dbaas explain mysql        # one engine: versions, sizes, proxies, operations
`

function defaultIo(write: (text: string) => void): Io {
  return {
    write,
    writeErr: (text) => process.stderr.write(text),
    isTTY: process.stderr.isTTY,
    readStdin: () => fs.readFileSync(0, 'utf8'),
    setExitCode: (code) => {
      process.exitCode = code
    },
  }
}

/**
 * The program. Commander's own exits are turned into CommanderErrors
 * (exitOverride), so that the caller decides the exit code and tests can run
 * it in-process.
 */
export function buildProgram(write: (text: string) => void, io: Partial<Io> = {}): Command {
  const streams: Io = { ...defaultIo(write), ...io }
  const program = new Command('dbaas')
    .description('Offline tools for dbaas-operator resources.')
    .version(packageVersion(), '-V, --version', 'print the version (from package.json)')
    .configureOutput({ writeOut: streams.write, writeErr: streams.writeErr })
    .exitOverride()
    .showHelpAfterError('(add --help for usage and examples)')
    .addHelpText('after', PROGRAM_HELP)
  program
    .command('render')
    .description('Print the children and status a DatabaseCluster would get, without a cluster. Other objects in the input (DatabaseBackupStorageClasses, credential Secrets, source DatabaseClusters) are used as related objects. With no file, renders the built-in seed example.')
    .option('-f, --file <path>', 'YAML file with a DatabaseCluster (and related objects); - reads stdin')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .option('--now <time>', 'RFC 3339 time used for condition transitions (default: now)')
    .addHelpText('after', RENDER_HELP)
    .action((opts: { file?: string; output: 'yaml' | 'json'; now?: string }) => {
      const response = renderDocuments(parseDocuments(readInput(opts.file)), { now: opts.now ?? nowSeconds(), config: DEFAULT_CONFIG })
      write(opts.output === 'json' ? `${JSON.stringify(response, null, 2)}\n` : formatYaml(response))
    })
  program
    .command('explain')
    .description('What each engine supports (the capability matrix), or one engine in detail with the versions the catalog knows.')
    .argument('[engine]', 'postgresql, mongodb, mysql or kafka')
    .addHelpText('after', EXPLAIN_HELP)
    .action((engine: string | undefined) => {
      write(explain(engine, DEFAULT_CONFIG))
    })
  addValidateCommand(program, streams)
  return program
}
