/**
 * One object of ours checked the way the API server admits it, in its order:
 * unknown fields pruned (and reported, since `kubectl apply` validates
 * strictly by default), defaults applied, the structural schema checked, then
 * every CEL rule of the CRD (transition rules only when an old version is
 * given). Pure: no I/O.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { evaluateCrdRules } from '../api/cel.js'
import type { SchemaNode } from '../api/cel-values.js'
import { type CrdDefinition, openApiSchema } from '../api/crd.js'
import { ALL_CRDS } from '../api/crds.js'
import { KUBERNETES_KEYWORDS } from '../api/validate.js'

export type UnknownFields = 'error' | 'warn' | 'ignore'

export interface Finding {
  path: string
  message: string
  severity: 'error' | 'warning'
}

interface Kind {
  def: CrdDefinition
  schema: SchemaNode
  validate: ValidateFunction
}

type AddFormats = (ajv: Ajv) => Ajv
const formatsModule = addFormatsModule as unknown as AddFormats & { default?: AddFormats }
const addFormats: AddFormats = formatsModule.default ?? formatsModule

const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, useDefaults: true, coerceTypes: false, removeAdditional: false })
ajv.addVocabulary(KUBERNETES_KEYWORDS)
addFormats(ajv)

const kinds = new Map<string, Kind>()

/** Our kind for `apiVersion` + `kind`, compiled once; undefined for anything else. */
export function ourKind(apiVersion: unknown, kind: unknown): Kind | undefined {
  const def = ALL_CRDS.find((d) => `${d.group}/v1alpha1` === apiVersion && d.kind === kind)
  if (def === undefined) return undefined
  let compiled = kinds.get(def.kind)
  if (compiled === undefined) {
    const schema = openApiSchema(def)
    compiled = { def, schema, validate: ajv.compile(JSON.parse(JSON.stringify(schema)) as object) }
    kinds.set(def.kind, compiled)
  }
  return compiled
}

/** Whether `apiVersion` is one of our API groups (a wrong kind or version there is an error, not a skip). */
export function isOurGroup(apiVersion: unknown): boolean {
  return typeof apiVersion === 'string' && ALL_CRDS.some((d) => apiVersion.startsWith(`${d.group}/`))
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`
}

function pruneItems(node: SchemaNode, value: unknown[], path: string, out: string[]): void {
  const items = node.items
  if (!isRecord(items)) return
  value.forEach((v, i) => {
    prune(items, v, `${path}[${i}]`, out)
  })
}

/** Removes fields the schema does not declare (as the API server prunes them) and returns their paths. */
function prune(node: SchemaNode, value: unknown, path: string, out: string[]): void {
  if (Array.isArray(value)) {
    pruneItems(node, value, path, out)
    return
  }
  if (!isRecord(value) || node['x-kubernetes-preserve-unknown-fields'] === true || node['x-kubernetes-embedded-resource'] === true) return
  const properties = (node.properties ?? {}) as Record<string, SchemaNode>
  const additional = isRecord(node.additionalProperties) ? (node.additionalProperties as SchemaNode) : undefined
  for (const key of Object.keys(value)) {
    const schema = properties[key] ?? additional
    if (schema === undefined) {
      out.push(join(path, key))
      delete value[key]
    } else if (!(path === '' && key === 'metadata')) prune(schema, value[key], join(path, key), out)
  }
}

/** A JSON pointer (`/spec/config/0/name`) as a field path (`spec.config[0].name`). */
function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : join(acc, part)), '')
}

function schemaMessage(e: ErrorObject): Finding {
  const base = fieldPath(e.instancePath)
  const params = e.params as Record<string, unknown>
  if (e.keyword === 'required') return { path: join(base, String(params.missingProperty)), message: 'Required value', severity: 'error' }
  if (e.keyword === 'enum') return { path: base, message: `Unsupported value: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`, severity: 'error' }
  if (e.keyword === 'additionalProperties') return { path: join(base, String(params.additionalProperty)), message: 'field not declared in schema', severity: 'error' }
  return { path: base === '' ? '(root)' : base, message: e.message ?? 'is invalid', severity: 'error' }
}

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

function metadataFindings(obj: Record<string, unknown>): Finding[] {
  const metadata = obj.metadata
  if (!isRecord(metadata)) return [{ path: 'metadata', message: 'Required value', severity: 'error' }]
  const name = metadata.name
  if (name === undefined && typeof metadata.generateName === 'string') return []
  if (typeof name !== 'string' || name === '') return [{ path: 'metadata.name', message: 'Required value: name or generateName is required', severity: 'error' }]
  if (name.length > 253 || !NAME.test(name)) return [{ path: 'metadata.name', message: 'Invalid value: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\'', severity: 'error' }]
  return []
}

/** The object as the API server would store it: status dropped (a subresource), unknown fields pruned, defaults applied. */
export function admitted(kind: Kind, object: Record<string, unknown>): { value: Record<string, unknown>; unknown: string[]; errors: ErrorObject[] } {
  const value = JSON.parse(JSON.stringify(object)) as Record<string, unknown>
  delete value.status
  const unknown: string[] = []
  prune(kind.schema, value, '', unknown)
  const errors = kind.validate(value) ? [] : [...(kind.validate.errors ?? [])]
  return { value, unknown, errors }
}

/**
 * Every finding for one object of ours; with `old`, the object is checked as
 * an update of it (transition rules such as "storage cannot shrink", ratcheting).
 */
export function checkObject(kind: Kind, object: Record<string, unknown>, old: Record<string, unknown> | undefined, unknownFields: UnknownFields): Finding[] {
  const findings = metadataFindings(object)
  const { value, unknown, errors } = admitted(kind, object)
  if (unknownFields !== 'ignore') {
    const severity = unknownFields === 'error' ? 'error' : 'warning'
    for (const path of unknown) findings.push({ path, message: 'unknown field (kubectl apply refuses it; the API server would prune it)', severity })
  }
  findings.push(...errors.map(schemaMessage))
  if (errors.length > 0) return findings
  const oldValue = old === undefined ? undefined : admitted(kind, old).value
  for (const f of evaluateCrdRules(kind.schema, value, oldValue)) {
    const path = f.path.replace(/^\./, '')
    findings.push({ path: path === '' ? '(root)' : path, message: f.message, severity: 'error' })
  }
  return findings
}
