/** The `dbaas` command line: offline tools for users and GitOps pipelines. */
import { Command, Option } from 'commander'
import { DEFAULT_CONFIG } from '../providers/shared/defaults.js'
import { explain } from './explain.js'
import { formatYaml, parseDocuments, readInput, renderDocuments } from './render.js'

function nowSeconds(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export function buildProgram(write: (text: string) => void): Command {
  const program = new Command('dbaas').description('Offline tools for dbaas-operator resources.').showHelpAfterError()
  program
    .command('render')
    .description('Print the children and status a DatabaseCluster would get, without a cluster. Other objects in the input (DatabaseBackupStorageClasses, credential Secrets, source DatabaseClusters) are used as related objects. With no file, renders the built-in seed example.')
    .option('-f, --file <path>', 'YAML file with a DatabaseCluster (and related objects); - reads stdin')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .option('--now <time>', 'RFC 3339 time used for condition transitions (default: now)')
    .action((opts: { file?: string; output: 'yaml' | 'json'; now?: string }) => {
      const response = renderDocuments(parseDocuments(readInput(opts.file)), { now: opts.now ?? nowSeconds(), config: DEFAULT_CONFIG })
      write(opts.output === 'json' ? `${JSON.stringify(response, null, 2)}\n` : formatYaml(response))
    })
  program
    .command('explain')
    .description('What each engine supports (the capability matrix), or one engine in detail with the versions the catalog knows.')
    .argument('[engine]', 'postgresql, mongodb, mysql or kafka')
    .action((engine: string | undefined) => {
      write(explain(engine, DEFAULT_CONFIG))
    })
  return program
}

