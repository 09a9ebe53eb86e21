/**
 * `dbaas validate`: table-driven checks of the pure validator, then the real
 * command (exit codes, JSON shape, stdin, --against) through child_process.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CommanderError } from 'commander'
import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { buildProgram } from '../../cli/program.js'
import { runValidate } from '../../cli/validate-command.js'
import { validateText, type ValidateOptions } from '../../cli/validate.js'

const root = path.resolve(import.meta.dirname, '../..')
const tsx = path.join(root, 'node_modules/.bin/tsx')
const OPTIONS: ValidateOptions = { strict: false, unknownFields: 'error' }

const yaml = (obj: unknown): string => YAML.stringify(obj)
const cluster = (spec: Record<string, unknown>, name = 'orders') => ({ apiVersion: 'dbaas.io/v1alpha1', kind: 'DatabaseCluster', metadata: { name, namespace: 'db' }, spec })
const SEED = { engine: 'postgresql', clusterSize: 3, storage: '10Gi' }
const ops = (spec: Record<string, unknown>) => ({ apiVersion: 'dbaas.io/v1alpha1', kind: 'OpsRequest', metadata: { name: 'op', namespace: 'db' }, spec })
const storageClass = (spec: Record<string, unknown>) => ({ apiVersion: 'backup.dbaas.io/v1alpha1', kind: 'DatabaseBackupStorageClass', metadata: { name: 's3' }, spec })
const backup = (spec: Record<string, unknown>) => ({ apiVersion: 'backup.dbaas.io/v1alpha1', kind: 'DatabaseBackup', metadata: { name: 'nightly', namespace: 'db' }, spec })
const S3 = { locations: [{ name: 'minio', s3: { bucket: 'backups', endpoint: 'http://minio:9000', credentialsSecretRef: { name: 'c', namespace: 'dbaas-system' } } }] }

function problems(text: string, options: ValidateOptions = OPTIONS): string[] {
  return validateText('f.yaml', text, options).problems.map((p) => `${p.path}: ${p.message}`)
}

function run(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(tsx, ['cli/main.ts', ...args], { cwd: root, encoding: 'utf8', input: input ?? '' })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('dbaas validate: examples', () => {
  const examples = fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.yaml'))

  it.each(examples)('examples/%s is valid, and every object of ours in it is checked', (file) => {
    const result = validateText(file, fs.readFileSync(path.join(root, 'examples', file), 'utf8'), OPTIONS)
    expect(result.problems).toEqual([])
    expect(result.validated).toBeGreaterThan(0)
  })
})

describe('dbaas validate: what the API server would refuse', () => {
  it.each<[string, unknown, string]>([
    ['DatabaseCluster: clusterSize as a string', cluster({ ...SEED, clusterSize: '3' }), 'spec.clusterSize: must be integer'],
    ['DatabaseCluster: an unknown engine', cluster({ ...SEED, engine: 'oracle' }), 'spec.engine: Unsupported value: must be one of "postgresql", "mongodb", "mysql", "kafka"'],
    ['DatabaseCluster: no storage', cluster({ engine: 'postgresql' }), 'spec.storage: Required value'],
    ['DatabaseCluster: a malformed quantity', cluster({ ...SEED, storage: '10 gigs' }), 'spec.storage: must match pattern'],
    ['DatabaseCluster: an unknown field', cluster({ ...SEED, colour: 'blue' }), 'spec.colour: unknown field (kubectl apply refuses it; the API server would prune it)'],
    ['DatabaseCluster: an even MongoDB replica set (per-engine size rule)', cluster({ ...SEED, engine: 'mongodb', clusterSize: 4 }), 'spec.clusterSize: mongodb: clusterSize must be one of 1, 3, 5, 7'],
    ['DatabaseCluster: Kafka with backups (per-engine capability rule)', cluster({ ...SEED, engine: 'kafka', backup: { storageClassName: 's3' } }), 'spec.backup: kafka: has no backups in Strimzi 1.2 (KRaft)'],
    ['DatabaseCluster: a name over 45 characters', cluster(SEED, 'x'.repeat(46)), '(root): name must be at most 45 characters'],
    ['DatabaseCluster: no metadata.name', { apiVersion: 'dbaas.io/v1alpha1', kind: 'DatabaseCluster', metadata: {}, spec: SEED }, 'metadata.name: Required value'],
    ['OpsRequest: replicas as a string', ops({ clusterRef: 'orders', type: 'HorizontalScaling', horizontalScaling: { replicas: 'five' } }), 'spec.horizontalScaling.replicas: must be integer'],
    ['OpsRequest: an unknown type', ops({ clusterRef: 'orders', type: 'Teleport' }), 'spec.type: Unsupported value'],
    ['OpsRequest: HorizontalScaling without its parameters (CEL)', ops({ clusterRef: 'orders', type: 'HorizontalScaling' }), 'spec: type HorizontalScaling needs spec.horizontalScaling'],
    ['DatabaseBackupStorageClass: no locations', storageClass({ locations: [] }), 'spec.locations: must NOT have fewer than 1 items'],
    ['DatabaseBackupStorageClass: forcePathStyle as a string', storageClass({ locations: [{ ...S3.locations[0], s3: { ...S3.locations[0]?.s3, forcePathStyle: 'yes please' } }] }), 'spec.locations[0].s3.forcePathStyle: must be boolean'],
    ['DatabaseBackup: an unknown engine', backup({ engine: 'oracle' }), 'spec.engine: Unsupported value'],
    ['a kind we do not serve in our group', { apiVersion: 'dbaas.io/v1alpha1', kind: 'Database', metadata: { name: 'x' } }, '(root): no kind Database in dbaas.io/v1alpha1'],
    ['a document that is not YAML', 'spec: [unclosed\n', '(document): invalid YAML'],
  ])('%s', (_name, obj, message) => {
    const text = typeof obj === 'string' ? obj : yaml(obj)
    expect(problems(text).some((p) => p.startsWith(message))).toBe(true)
  })

  it('reads YAML as kubectl does: "on" is a boolean, so a string field set to on is refused', () => {
    const text = yaml(cluster(SEED)).replace('storage: 10Gi', 'storage: 10Gi\n  storageClass: on')
    expect(problems(text)).toEqual(['spec.storageClass: must be string'])
  })

  it('applies defaults before the CEL rules (a default clusterSize of 3 is fine for mongodb)', () => {
    expect(problems(yaml(cluster({ engine: 'mongodb', storage: '10Gi' })))).toEqual([])
  })

  it('unknown fields can be warnings or ignored; warnings do not make the file invalid', () => {
    const text = yaml(cluster({ ...SEED, colour: 'blue' }))
    const warned = validateText('f.yaml', text, { ...OPTIONS, unknownFields: 'warn' }).problems
    expect(warned.map((p) => p.severity)).toEqual(['warning'])
    expect(problems(text, { ...OPTIONS, unknownFields: 'ignore' })).toEqual([])
  })

  it('skips other kinds with a note, and --strict fails on them', () => {
    const text = yaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } })
    const skipped = validateText('f.yaml', text, OPTIONS)
    expect(skipped.problems).toEqual([])
    expect(skipped.skipped).toEqual([{ file: 'f.yaml', document: 1, kind: 'ConfigMap', name: 'x', reason: 'not a dbaas-operator kind (v1)' }])
    expect(problems(text, { ...OPTIONS, strict: true })).toEqual(['(root): not a dbaas-operator kind (v1); --strict refuses it'])
  })

  it('checks the items of a kind: List', () => {
    const text = yaml({ apiVersion: 'v1', kind: 'List', items: [cluster(SEED), cluster({ ...SEED, clusterSize: 0 })] })
    expect(problems(text)).toEqual(['spec.clusterSize: must be >= 1'])
  })

  it('checks transition rules against a previous version: storage shrink, engine change, cancel taken back', () => {
    const previous = new Map([[`dbaas.io/v1alpha1/DatabaseCluster/db/orders`, cluster(SEED)]])
    const shrink = yaml(cluster({ ...SEED, storage: '5Gi' }))
    expect(problems(shrink)).toEqual([])
    expect(problems(shrink, { ...OPTIONS, previous })).toEqual(['spec.storage: storage cannot shrink: volumes can only grow'])
    expect(problems(yaml(cluster({ ...SEED, engine: 'mysql' })), { ...OPTIONS, previous })).toEqual(['spec.engine: engine is immutable: create a new DatabaseCluster (with dataSource) instead'])
    expect(problems(yaml(cluster({ ...SEED, storage: '20Gi' })), { ...OPTIONS, previous })).toEqual([])
  })

  it('the deletion-protection admission policy matches DELETE only, so validate has nothing of it to check', () => {
    const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(root, 'manifests/base/deletion-protection.yaml'), 'utf8')).map((d) => d.toJS() as { kind: string; spec: { matchConstraints?: { resourceRules: { operations: string[] }[] } } })
    const policy = docs.find((d) => d.kind === 'ValidatingAdmissionPolicy')
    expect(policy?.spec.matchConstraints?.resourceRules.flatMap((r) => r.operations)).toEqual(['DELETE'])
  })
})

describe('dbaas validate: the command', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbaas-validate-'))
  const bad = path.join(dir, 'nested', 'bad.yaml')
  fs.mkdirSync(path.dirname(bad))
  fs.writeFileSync(bad, `${yaml(cluster({ ...SEED, engine: 'oracle' }))}---\n${yaml({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } })}`)
  const old = path.join(dir, 'old.yaml')
  fs.writeFileSync(old, yaml(cluster(SEED)))
  const shrunk = path.join(dir, 'shrunk.yml')
  fs.writeFileSync(shrunk, yaml(cluster({ ...SEED, storage: '5Gi' })))

  it('exits 0 on the examples directory and prints a summary', () => {
    const r = run(['validate', 'examples'])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^valid: \d+ files, \d+ documents: \d+ validated, \d+ skipped, 0 errors/m)
    expect(r.stderr).toBe('')
  })

  it('exits 1 with one line per problem, file:document kind/name: path: message, searching directories recursively', () => {
    const r = run(['validate', dir])
    expect(r.status).toBe(1)
    expect(r.stdout).toContain(`${bad}:1 DatabaseCluster/orders: spec.engine: Unsupported value: must be one of "postgresql", "mongodb", "mysql", "kafka"\n`)
    expect(r.stdout).toMatch(/^INVALID: 3 files, 4 documents: 3 validated, 1 skipped, 1 error/m)
    expect(r.stderr).toBe('')
  })

  it('--against checks an update: a storage shrink exits 1', () => {
    expect(run(['validate', shrunk]).status).toBe(0)
    const r = run(['validate', '--against', old, shrunk])
    expect(r.status).toBe(1)
    expect(r.stdout).toContain(`${shrunk}:1 DatabaseCluster/orders: spec.storage: storage cannot shrink: volumes can only grow`)
  })

  it('reads stdin for -', () => {
    const r = run(['validate', '-'], yaml(ops({ clusterRef: 'orders', type: 'HorizontalScaling' })))
    expect(r.status).toBe(1)
    expect(r.stdout).toContain('<stdin>:1 OpsRequest/op: spec: type HorizontalScaling needs spec.horizontalScaling')
  })

  it('-o json: valid, summary, problems and skipped', () => {
    const r = run(['validate', '-o', 'json', bad])
    expect(r.status).toBe(1)
    const report = JSON.parse(r.stdout) as unknown
    expect(report).toEqual({
      valid: false,
      summary: { files: 1, documents: 2, validated: 1, skipped: 1, errors: 1, warnings: 0 },
      problems: [{ file: bad, document: 1, kind: 'DatabaseCluster', name: 'orders', path: 'spec.engine', message: expect.stringContaining('Unsupported value') as unknown, severity: 'error' }],
      skipped: [{ file: bad, document: 2, kind: 'Secret', name: 's', reason: 'not a dbaas-operator kind (v1)' }],
    })
  })

  it.each<[string, string[], RegExp]>([
    ['a missing file', ['validate', path.join(dir, 'missing.yaml')], /no such file or directory/],
    ['no paths', ['validate'], /missing required argument 'paths'/],
    ['an unknown option', ['validate', '--frobnicate', 'examples'], /unknown option '--frobnicate'/],
    ['a bad --unknown-fields', ['validate', '--unknown-fields', 'maybe', 'examples'], /Allowed choices are error, warn, ignore/],
  ])('exits 2 on a usage error: %s', (_name, args, message) => {
    const r = run(args)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(message)
  })

  it('draws a progress line on stderr when it is a terminal and there are many files, and clears it', () => {
    const many = fs.mkdtempSync(path.join(os.tmpdir(), 'dbaas-many-'))
    for (let i = 0; i < 12; i += 1) fs.writeFileSync(path.join(many, `c${String(i).padStart(2, '0')}.yaml`), yaml(cluster(SEED, `c${i}`)))
    let out = ''
    let err = ''
    let code = -1
    const io = { write: (t: string) => (out += t), writeErr: (t: string) => (err += t), isTTY: true, readStdin: () => '', setExitCode: (c: number) => (code = c) }
    runValidate([many], { strict: false, unknownFields: 'error', output: 'text', verbose: false }, io)
    expect(code).toBe(0)
    expect(out).toBe('valid: 12 files, 12 documents: 12 validated, 0 skipped, 0 errors\n')
    expect(err).toContain(`validating 12/12 ${path.join(many, 'c11.yaml')}`)
    expect(err.endsWith('\r\x1b[2K')).toBe(true)
    err = ''
    runValidate([many], { strict: false, unknownFields: 'error', output: 'text', verbose: false }, { ...io, isTTY: false })
    expect(err).toBe('')
  })

  it('prints no progress when stderr is not a terminal', () => {
    expect(run(['validate', 'examples', 'manifests', 'test/golden']).stderr).toBe('')
  })
})

describe('dbaas --help and --version', () => {
  it('--version prints the version of package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }
    expect(execFileSync(tsx, ['cli/main.ts', '--version'], { cwd: root, encoding: 'utf8' })).toBe(`${pkg.version}\n`)
  })

  it.each([[[]], [['render']], [['explain']], [['validate']]])('every command has --help with examples (%j)', async (command) => {
    let out = ''
    const program = buildProgram((text) => (out += text), { writeErr: () => undefined })
    const error: unknown = await program.parseAsync(['node', 'dbaas', ...command, '--help']).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CommanderError)
    expect((error as CommanderError).exitCode).toBe(0)
    expect(out).toContain('Examples:\n  $ dbaas ')
  })
})
