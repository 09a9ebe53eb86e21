/**
 * `dbaas validate`, the pure part: YAML text in, problems out. Reads YAML the
 * way kubectl does (YAML 1.1 scalars: `on`/`yes` are booleans, timestamps
 * stay strings), checks each document of our four kinds with
 * ./validate-schema.ts, and skips every other kind with a note.
 */
import YAML from 'yaml'
import { type UnknownFields, checkObject, isOurGroup, ourKind } from './validate-schema.js'

export interface Problem {
  file: string
  /** Document number in the file, from 1. */
  document: number
  kind: string
  name: string
  path: string
  message: string
  severity: 'error' | 'warning'
}

export interface Skipped {
  file: string
  document: number
  kind: string
  name: string
  reason: string
}

export interface FileResult {
  documents: number
  validated: number
  problems: Problem[]
  skipped: Skipped[]
}

export interface ValidateOptions {
  /** Fail on documents that are not ours instead of skipping them. */
  strict: boolean
  unknownFields: UnknownFields
  /** Previous versions, by objectKey: documents found there are checked as updates. */
  previous?: Map<string, Record<string, unknown>>
}

type Obj = Record<string, unknown>

function isRecord(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Identity of an object across two versions of the files: apiVersion, kind, namespace, name. */
export function objectKey(obj: Obj): string {
  const metadata = isRecord(obj.metadata) ? obj.metadata : {}
  return [obj.apiVersion, obj.kind, metadata.namespace ?? '', metadata.name ?? metadata.generateName ?? ''].map(String).join('/')
}

function label(obj: unknown): { kind: string; name: string } {
  if (!isRecord(obj)) return { kind: '-', name: '-' }
  const metadata = isRecord(obj.metadata) ? obj.metadata : {}
  const kind = typeof obj.kind === 'string' ? obj.kind : '-'
  const name = typeof metadata.name === 'string' ? metadata.name : typeof metadata.generateName === 'string' ? `${metadata.generateName}*` : '-'
  return { kind, name }
}

const KUBECTL_YAML: YAML.ParseOptions & YAML.DocumentOptions & YAML.SchemaOptions = {
  version: '1.1',
  // go-yaml (under kubectl) has neither timestamps as a type nor base-60 numbers: both stay strings.
  customTags: (tags) => tags.filter((t) => typeof t === 'string' || (t.tag !== 'tag:yaml.org,2002:timestamp' && !('format' in t && t.format === 'TIME'))),
}

/** The non-empty documents of a YAML stream with their numbers (from 1), or the parse error of each broken one. */
export function parseStream(text: string): { document: number; value?: unknown; error?: string }[] {
  return YAML.parseAllDocuments(text, KUBECTL_YAML)
    .map((doc, i) => {
      if (doc.errors.length > 0) return { document: i + 1, error: doc.errors.map((e) => e.message.split('\n')[0] ?? '').join('; ') }
      return { document: i + 1, value: doc.toJS() as unknown }
    })
    .filter((d) => d.error !== undefined || (d.value !== null && d.value !== undefined))
}

/** `kind: List` documents (what `kubectl get -o yaml` writes) stand for their items. */
function expand(value: unknown): unknown[] {
  if (isRecord(value) && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) return value.items as unknown[]
  return [value]
}

function checkDocument(file: string, document: number, value: unknown, options: ValidateOptions, result: FileResult): void {
  const { kind, name } = label(value)
  const problem = (path: string, message: string): void => void result.problems.push({ file, document, kind, name, path, message, severity: 'error' })
  if (!isRecord(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
    if (options.strict) problem('(root)', 'not a Kubernetes object (apiVersion and kind are required)')
    else result.skipped.push({ file, document, kind, name, reason: 'not a Kubernetes object' })
    return
  }
  const ours = ourKind(value.apiVersion, value.kind)
  if (ours === undefined) {
    if (isOurGroup(value.apiVersion)) problem('(root)', `no kind ${value.kind} in ${value.apiVersion} (dbaas-operator serves DatabaseCluster and OpsRequest in dbaas.io/v1alpha1, DatabaseBackup and DatabaseBackupStorageClass in backup.dbaas.io/v1alpha1)`)
    else if (options.strict) problem('(root)', `not a dbaas-operator kind (${value.apiVersion}); --strict refuses it`)
    else result.skipped.push({ file, document, kind, name, reason: `not a dbaas-operator kind (${value.apiVersion})` })
    return
  }
  result.validated += 1
  const old = options.previous?.get(objectKey(value))
  for (const f of checkObject(ours, value, old, options.unknownFields)) result.problems.push({ file, document, kind, name, path: f.path, message: f.message, severity: f.severity })
}

/** Validates every document of one file's text. */
export function validateText(file: string, text: string, options: ValidateOptions): FileResult {
  const result: FileResult = { documents: 0, validated: 0, problems: [], skipped: [] }
  for (const doc of parseStream(text)) {
    result.documents += 1
    if (doc.error !== undefined) {
      result.problems.push({ file, document: doc.document, kind: '-', name: '-', path: '(document)', message: `invalid YAML: ${doc.error}`, severity: 'error' })
      continue
    }
    for (const item of expand(doc.value)) checkDocument(file, doc.document, item, options, result)
  }
  return result
}

/** The objects of earlier versions of the files, by objectKey, for `--against`. */
export function previousObjects(texts: string[]): Map<string, Obj> {
  const out = new Map<string, Obj>()
  for (const text of texts) {
    for (const doc of parseStream(text)) {
      for (const item of doc.error === undefined ? expand(doc.value) : []) if (isRecord(item)) out.set(objectKey(item), item)
    }
  }
  return out
}
