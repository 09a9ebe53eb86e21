/**
 * Closed-world validation of the objects we emit, against the real schemas in
 * ../shared/schemas (the offline kubeconform). Upstream schemas leave objects
 * open, so a misspelt field would pass; here every object node that lists
 * its properties (and does not preserve unknown fields) is closed with
 * `additionalProperties: false`. Metadata is checked against ObjectMeta too.
 */
import fs from 'node:fs'
import path from 'node:path'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { expect } from 'vitest'
import { KUBERNETES_KEYWORDS } from '../../api/validate.js'

export const SCHEMAS_DIR = path.resolve(import.meta.dirname, '../../../shared/schemas')
const FOLDERS = ['cnpg', 'psmdb', 'pxc', 'ps', 'strimzi', 'monitoring', 'k8s']

type Schema = Record<string, unknown>

type AddFormats = (ajv: Ajv) => Ajv
const formatsModule = addFormatsModule as unknown as AddFormats & { default?: AddFormats }
const addFormats: AddFormats = formatsModule.default ?? formatsModule

/** Close every object node with properties, unless it keeps unknown fields. */
export function close(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(close)
  if (typeof node !== 'object' || node === null) return node
  const out: Schema = {}
  for (const [k, v] of Object.entries(node)) out[k] = close(v)
  if (typeof out.properties === 'object' && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) out.additionalProperties = false
  return out
}

/** The same transform under the name other tests use. */
export const closeSchema = close

/** apiVersion and kind a schema file describes. */
function gvkOf(schema: Schema, file: string): { apiVersion: string; kind: string } {
  const gvk = (schema['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[] | undefined)?.[0]
  if (gvk !== undefined) return { apiVersion: gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`, kind: gvk.kind }
  const kind = path.basename(file, '.json')
  const props = schema.properties as Record<string, Schema> | undefined
  const apiVersions = props?.apiVersion?.enum as string[] | undefined
  return { apiVersion: apiVersions?.[0] ?? '', kind }
}

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true })
  ajv.addVocabulary(KUBERNETES_KEYWORDS.filter((k) => k !== 'example'))
  ajv.addKeyword('example')
  addFormats(ajv)
  ajv.addFormat('int32', true)
  ajv.addFormat('int64', true)
  ajv.addFormat('double', true)
  ajv.addFormat('byte', true)
  return ajv
}

interface Entry {
  file: string
  schema: Schema
  validate?: ValidateFunction
}

const ajv = newAjv()
const index = new Map<string, Entry>()
let loaded = false
let metadataValidator: ValidateFunction | undefined

/** The k8s files name their apiVersion per definition id; map kinds by that id. */
const K8S_API: Record<string, string> = {
  Deployment: 'apps/v1', StatefulSet: 'apps/v1', Service: 'v1', Secret: 'v1', ConfigMap: 'v1', ServiceAccount: 'v1', PersistentVolumeClaim: 'v1',
  Role: 'rbac.authorization.k8s.io/v1', RoleBinding: 'rbac.authorization.k8s.io/v1', Job: 'batch/v1', CronJob: 'batch/v1', PodDisruptionBudget: 'policy/v1', NetworkPolicy: 'networking.k8s.io/v1',
}

function load(): void {
  if (loaded) return
  for (const folder of FOLDERS) {
    const dir = path.join(SCHEMAS_DIR, folder)
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const file = path.join(dir, name)
      const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as Schema
      const gvk = gvkOf(schema, file)
      const apiVersion = folder === 'k8s' ? (K8S_API[gvk.kind] ?? gvk.apiVersion) : gvk.apiVersion
      index.set(`${apiVersion}|${gvk.kind}`, { file, schema })
    }
  }
  loaded = true
}

function compiled(entry: Entry): ValidateFunction {
  if (entry.validate === undefined) {
    const { $schema: _s, ...rest } = close(entry.schema) as Schema
    entry.validate = ajv.compile(rest)
  }
  return entry.validate
}

function metadataCheck(): ValidateFunction {
  if (metadataValidator === undefined) {
    const configMap = JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, 'k8s/ConfigMap.json'), 'utf8')) as Schema
    const definitions = close(configMap.definitions) as Record<string, Schema>
    metadataValidator = ajv.compile({ $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', definitions })
  }
  return metadataValidator
}

function describe(errors: ErrorObject[] | null | undefined, where: string): string[] {
  return (errors ?? []).map((e) => `${where}${e.instancePath} ${e.message ?? ''}${e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : ''}`)
}

export function hasSchema(apiVersion: string, kind: string): boolean {
  load()
  return index.has(`${apiVersion}|${kind}`)
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/

function labelErrors(obj: { metadata?: { labels?: Record<string, string> } }): string[] {
  return Object.entries(obj.metadata?.labels ?? {}).filter(([, v]) => v.length > 63 || !LABEL_VALUE.test(v)).map(([k, v]) => `metadata.labels.${k}: "${v}" is not a valid label value`)
}

/** Every problem with an object we emit; empty when it is valid. Throws when no schema covers its kind. */
export function validateChild(obj: { apiVersion?: unknown; kind?: unknown; metadata?: unknown; [key: string]: unknown }): string[] {
  load()
  const key = `${String(obj.apiVersion)}|${String(obj.kind)}`
  const entry = index.get(key)
  if (entry === undefined) throw new Error(`no upstream schema for ${key}`)
  const validate = compiled(entry)
  const errors = validate(obj) ? [] : describe(validate.errors, '')
  const meta = metadataCheck()
  if (!meta(obj.metadata)) errors.push(...describe(meta.errors, 'metadata'))
  errors.push(...labelErrors(obj as { metadata?: { labels?: Record<string, string> } }))
  return errors
}

export function expectValidChild(obj: { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown }; [key: string]: unknown }): void {
  const errors = validateChild(obj)
  expect(errors, `${String(obj.kind)} ${String(obj.metadata?.name)} does not validate against ${path.relative(SCHEMAS_DIR, index.get(`${String(obj.apiVersion)}|${String(obj.kind)}`)?.file ?? '')}`).toEqual([])
}
