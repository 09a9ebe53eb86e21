/**
 * Closed-world validation of the objects we emit (the offline kubeconform).
 *
 * Every JSON schema under ../shared/schemas/{cnpg,psmdb,pxc,ps,strimzi,
 * monitoring,k8s} is loaded by the apiVersion/kind it describes, together with
 * our own CRDs (api/crds.ts). Upstream schemas leave objects open, so a
 * misspelt field would pass; here every object node that lists its properties
 * (and does not preserve unknown fields) is closed with
 * `additionalProperties: false`. Metadata, which CRD schemas leave open, is
 * checked against the ObjectMeta definition (closed) and the API server's
 * name and label rules. Our own kinds also get their defaults applied and
 * their CEL rules evaluated, as the API server would.
 */
import fs from 'node:fs'
import path from 'node:path'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { expect } from 'vitest'
import { evaluateCrdRules } from '../../api/cel.js'
import { openApiSchema } from '../../api/crd.js'
import { ALL_CRDS } from '../../api/crds.js'
import { KUBERNETES_KEYWORDS } from '../../api/validate.js'
import { metadataProblems } from './object-meta.js'

export const SCHEMAS_DIR = path.resolve(import.meta.dirname, '../../../shared/schemas')
const FOLDERS = ['cnpg', 'psmdb', 'pxc', 'ps', 'strimzi', 'monitoring', 'k8s']
const OBJECT_META = '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'

type Schema = Record<string, unknown>
type Obj = { apiVersion?: unknown; kind?: unknown; metadata?: unknown; [key: string]: unknown }

type AddFormats = (ajv: Ajv) => Ajv
const formatsModule = addFormatsModule as unknown as AddFormats & { default?: AddFormats }
const addFormats: AddFormats = formatsModule.default ?? formatsModule

function isSchema(node: unknown): node is Schema {
  return typeof node === 'object' && node !== null && !Array.isArray(node)
}

function closeNode(node: Schema, resource: boolean): Schema {
  const out: Schema = { ...node }
  if (isSchema(node.properties)) {
    const properties: Schema = {}
    for (const [key, value] of Object.entries(node.properties)) {
      // A resource's metadata is checked separately (ObjectMeta), as the API server does.
      properties[key] = resource && key === 'metadata' ? value : close(value)
    }
    out.properties = properties
    if (node.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) out.additionalProperties = false
  }
  if (isSchema(node.items)) out.items = close(node.items)
  if (Array.isArray(node.items)) out.items = node.items.map(close)
  if (isSchema(node.additionalProperties)) out.additionalProperties = close(node.additionalProperties)
  if (isSchema(node.definitions)) out.definitions = Object.fromEntries(Object.entries(node.definitions).map(([k, v]) => [k, closeNode(v as Schema, false)]))
  // allOf/anyOf/oneOf/not branches only constrain (`{properties: {value: {}}, required: [value]}`):
  // closing them would refuse every other field, so they stay as they are.
  return out
}

/**
 * A closed copy of a schema: every object node with properties, no
 * additionalProperties and no x-kubernetes-preserve-unknown-fields gets
 * `additionalProperties: false`, also inside `definitions`.
 */
export function close(schema: unknown): unknown {
  return isSchema(schema) ? closeNode(schema, schema['x-kubernetes-embedded-resource'] === true) : schema
}

/** The same transform under the name other tests use. */
export const closeSchema = close

function closeResource(schema: Schema): Schema {
  return closeNode(schema, true)
}

/** apiVersion and kind a schema file describes: its x-kubernetes-group-version-kind, checked against its `kind` enum. */
function gvkOf(schema: Schema, file: string): { apiVersion: string; kind: string } {
  const gvk = (schema['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[] | undefined)?.[0]
  const kindEnum = ((schema.properties as Record<string, Schema> | undefined)?.kind?.enum as string[] | undefined)?.[0]
  if (gvk === undefined) throw new Error(`${file}: no x-kubernetes-group-version-kind`)
  if (kindEnum !== undefined && kindEnum !== gvk.kind) throw new Error(`${file}: kind enum ${kindEnum} differs from ${gvk.kind}`)
  return { apiVersion: gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`, kind: gvk.kind }
}

function newAjv(useDefaults: boolean): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, useDefaults })
  ajv.addVocabulary(KUBERNETES_KEYWORDS)
  addFormats(ajv)
  return ajv
}

interface Entry {
  source: string
  schema: Schema
  /** Our own CRDs: defaults applied and CEL rules evaluated. */
  own: boolean
  validate?: ValidateFunction
}

const upstream = newAjv(false)
const defaulting = newAjv(true)
let index: Map<string, Entry> | undefined
let metadataValidator: ValidateFunction | undefined

function load(): Map<string, Entry> {
  if (index !== undefined) return index
  const found = new Map<string, Entry>()
  const add = (key: string, entry: Entry) => {
    if (found.has(key)) throw new Error(`two schemas for ${key}: ${found.get(key)?.source ?? ''} and ${entry.source}`)
    found.set(key, entry)
  }
  for (const folder of FOLDERS) {
    const dir = path.join(SCHEMAS_DIR, folder)
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const file = path.join(dir, name)
      const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as Schema
      const { apiVersion, kind } = gvkOf(schema, file)
      add(`${apiVersion}|${kind}`, { source: `${folder}/${name}`, schema, own: false })
    }
  }
  for (const crd of ALL_CRDS) add(`${crd.group}/v1alpha1|${crd.kind}`, { source: `api/crds.ts ${crd.kind}`, schema: openApiSchema(crd), own: true })
  index = found
  return found
}

function compiled(entry: Entry): ValidateFunction {
  if (entry.validate === undefined) {
    const { $schema: _s, ...rest } = closeResource(entry.schema)
    entry.validate = (entry.own ? defaulting : upstream).compile(rest)
  }
  return entry.validate
}

function metadataCheck(): ValidateFunction {
  if (metadataValidator === undefined) {
    const configMap = JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, 'k8s/ConfigMap.json'), 'utf8')) as Schema
    metadataValidator = upstream.compile({ $ref: OBJECT_META, definitions: closeNode({ definitions: configMap.definitions }, false).definitions })
  }
  return metadataValidator
}

function where(prefix: string, instancePath: string): string {
  const tail = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
  const parts = [prefix, ...tail].filter((p) => p !== '')
  return parts.length === 0 ? '(root)' : parts.join('.')
}

function explain(e: ErrorObject): string {
  const params = e.params as { additionalProperty?: string; allowedValues?: unknown[]; missingProperty?: string; format?: string }
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown field "${params.additionalProperty ?? ''}"`
    case 'enum':
      return `must be one of: ${(params.allowedValues ?? []).map(String).join(', ')}`
    case 'required':
      return `missing required field "${params.missingProperty ?? ''}"`
    case 'format':
      return `must be a valid ${params.format ?? ''}`
    default:
      return e.message ?? 'is invalid'
  }
}

function describe(errors: ErrorObject[] | null | undefined, prefix: string): string[] {
  return (errors ?? []).map((e) => `${where(prefix, e.instancePath)}: ${explain(e)}`)
}

export function hasSchema(apiVersion: string, kind: string): boolean {
  return load().has(`${apiVersion}|${kind}`)
}

/** Every problem with an object we emit, one readable line each; empty when it is valid. Throws when no schema covers its kind. */
export function validateChild(obj: Obj): string[] {
  const key = `${String(obj.apiVersion)}|${String(obj.kind)}`
  const entry = load().get(key)
  if (entry === undefined) throw new Error(`no upstream schema for ${key}`)
  const validate = compiled(entry)
  // Our own kinds are defaulted first, as the API server does; on a copy.
  const subject = entry.own ? (JSON.parse(JSON.stringify(obj)) as Obj) : obj
  const errors = validate(subject) ? [] : describe(validate.errors, '')
  const meta = metadataCheck()
  if (!meta(obj.metadata ?? {})) errors.push(...describe(meta.errors, 'metadata'))
  errors.push(...metadataProblems(String(obj.kind), obj))
  if (entry.own && errors.length === 0) errors.push(...evaluateCrdRules(entry.schema, subject).map((f) => `${f.path === '' ? '(root)' : f.path.slice(1)}: ${f.message}`))
  return errors
}

/** Which schema validates objects of this kind (for messages). */
export function schemaSource(apiVersion: string, kind: string): string | undefined {
  return load().get(`${apiVersion}|${kind}`)?.source
}

/** Fails the test with one line per problem when `obj` does not validate. */
export function expectValidChild(obj: Obj): void {
  const errors = validateChild(obj)
  const name = (obj.metadata as { name?: unknown } | undefined)?.name
  expect(errors, `${String(obj.kind)} ${String(name)} does not validate against ${schemaSource(String(obj.apiVersion), String(obj.kind)) ?? '?'}`).toEqual([])
}
