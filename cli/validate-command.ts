/** `dbaas validate`: the command (options, help, exit code) around the pure checks of ./validate.ts. */
import { type Command, Option } from 'commander'
import { UsageError } from './errors.js'
import { collectFiles, progress, readFile } from './validate-files.js'
import { buildReport, formatJson, formatText } from './validate-report.js'
import { type FileResult, type ValidateOptions, previousObjects, validateText } from './validate.js'
import type { UnknownFields } from './validate-schema.js'

export interface Io {
  write: (text: string) => void
  writeErr: (text: string) => void
  /** Whether stderr is a terminal (progress is drawn only there). */
  isTTY: boolean
  readStdin: () => string
  setExitCode: (code: number) => void
}

interface Opts {
  against?: string[]
  strict: boolean
  unknownFields: UnknownFields
  output: 'text' | 'json'
  verbose: boolean
}

const HELP = `
Checks, offline, what the API server checks when the objects are applied:
  - the CRD schema: types, enums, patterns, limits, required fields, after
    pruning unknown fields and applying defaults as the API server does;
  - unknown fields: reported as errors by default, since kubectl apply
    (--validate=strict, its default) and Argo CD refuse them; --unknown-fields
    warn or ignore matches a server that just prunes them;
  - every CEL rule (x-kubernetes-validations) of the generated CRDs, on create,
    or with --against on update from the previous version of each object
    (transition rules: storage cannot shrink, engine is immutable, ...).
The ValidatingAdmissionPolicy in manifests/base/deletion-protection.yaml
matches DELETE only, so no file can fail it. status is ignored (a subresource).

Kinds checked: DatabaseCluster, OpsRequest (dbaas.io/v1alpha1), DatabaseBackup,
DatabaseBackupStorageClass (backup.dbaas.io/v1alpha1). Other kinds are skipped
(--strict fails on them); kind: List documents stand for their items.

Output: one line per problem, "file:document kind/name: path: message"
(documents numbered from 1), then a summary. Exit codes: 0 valid, 1 problems
found, 2 usage error (unknown option, missing file).

Examples:
  $ dbaas validate examples/
  $ dbaas validate clusters/ --strict -o json
  $ kustomize build overlays/prod | dbaas validate -
  $ git show HEAD~1:db/orders.yaml > /tmp/orders.yaml
  $ dbaas validate --against /tmp/orders.yaml db/orders.yaml
`

function readAll(paths: string[], io: Io): string[] {
  return collectFiles(paths).map((f) => readFile(f, io.readStdin))
}

export function runValidate(paths: string[], opts: Opts, io: Io): void {
  const files = collectFiles(paths)
  const previous = opts.against === undefined ? undefined : previousObjects(readAll(opts.against, io))
  const options: ValidateOptions = { strict: opts.strict, unknownFields: opts.unknownFields, ...(previous === undefined ? {} : { previous }) }
  const bar = progress(files.length, io.writeErr, io.isTTY)
  const results: FileResult[] = []
  files.forEach((file, i) => {
    bar.update(i + 1, file)
    let text: string
    try {
      text = readFile(file, io.readStdin)
    } catch (error: unknown) {
      throw new UsageError(`${file}: cannot read it: ${error instanceof Error ? error.message : String(error)}`)
    }
    results.push(validateText(file === '-' ? '<stdin>' : file, text, options))
  })
  bar.finish()
  const report = buildReport(files.length, results)
  io.write(opts.output === 'json' ? formatJson(report) : formatText(report, opts.verbose))
  io.setExitCode(report.valid ? 0 : 1)
}

export function addValidateCommand(program: Command, io: Io): void {
  program
    .command('validate')
    .description('Check YAML files of DatabaseClusters, OpsRequests, DatabaseBackups and DatabaseBackupStorageClasses against the CRD schemas and CEL rules, offline (for CI of GitOps repositories).')
    .argument('<paths...>', 'YAML files or directories (searched recursively for *.yaml, *.yml); - reads stdin')
    .option('--against <path>', 'previous versions of the objects (a file or directory; repeatable): objects found there are checked as updates, with transition rules', (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .option('--strict', 'fail on documents that are not dbaas-operator kinds instead of skipping them', false)
    .addOption(new Option('--unknown-fields <mode>', 'fields the schema does not declare').choices(['error', 'warn', 'ignore']).default('error'))
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-v, --verbose', 'also list the skipped documents', false)
    .addHelpText('after', HELP)
    .action((paths: string[], opts: Opts) => {
      runValidate(paths, opts, io)
    })
}
