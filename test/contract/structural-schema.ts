/**
 * The API server's rules for a CRD's openAPIV3Schema (apiextensions v1
 * "structural schema" and its extensions), as a lint: each problem is one
 * line with the schema path. Also what `kubectl explain` needs: every field
 * described.
 */
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { KUBERNETES_KEYWORDS } from '../../api/validate.js'

type Node = Record<string, unknown>

/** The fields of apiextensions.k8s.io/v1 JSONSchemaProps: anything else is not a schema keyword there. */
const KEYWORDS = new Set([
  'id', '$schema', '$ref', 'description', 'type', 'format', 'title', 'default', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum',
  'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'multipleOf', 'enum', 'maxProperties', 'minProperties', 'required',
  'items', 'allOf', 'oneOf', 'anyOf', 'not', 'properties', 'additionalProperties', 'patternProperties', 'dependencies', 'additionalItems',
  'definitions', 'externalDocs', 'example', 'nullable', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string', 'x-kubernetes-list-map-keys', 'x-kubernetes-list-type', 'x-kubernetes-map-type', 'x-kubernetes-validations',
])
/** Keywords JSONSchemaProps has but a structural schema may not use. */
const FORBIDDEN = ['$ref', 'definitions', 'patternProperties', 'dependencies', 'additionalItems']
const TYPES = ['object', 'array', 'string', 'integer', 'number', 'boolean']
/** Formats the API server validates (k8s.io/kube-openapi strfmt as used by apiextensions). */
const FORMATS = new Set([
  'bsonobjectid', 'uri', 'email', 'hostname', 'ipv4', 'ipv6', 'cidr', 'mac', 'uuid', 'uuid3', 'uuid4', 'uuid5', 'isbn', 'isbn10', 'isbn13',
  'creditcard', 'ssn', 'hexcolor', 'rgbcolor', 'byte', 'password', 'date', 'duration', 'datetime', 'date-time', 'int32', 'int64', 'float', 'double',
])
const JUNCTORS = ['allOf', 'anyOf', 'oneOf', 'not']
/** Inside allOf/anyOf/oneOf/not these are not allowed (they would make the structure depend on the branch). */
const NOT_IN_JUNCTORS = ['description', 'type', 'default', 'additionalProperties', 'nullable']
const SCALARS = ['string', 'integer', 'number', 'boolean']

type AddFormats = (ajv: Ajv) => Ajv
const formatsModule = addFormatsModule as unknown as AddFormats & { default?: AddFormats }
const addFormats: AddFormats = formatsModule.default ?? formatsModule
const ajv = new Ajv({ strict: false, allErrors: true })
ajv.addVocabulary(KUBERNETES_KEYWORDS)
addFormats(ajv)

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function properties(node: Node): Record<string, Node> {
  return isNode(node.properties) ? (node.properties as Record<string, Node>) : {}
}

function branches(node: Node, junctor: string): Node[] {
  const value = node[junctor]
  if (Array.isArray(value)) return value.filter(isNode)
  return isNode(value) ? [value] : []
}

/** `x-kubernetes-int-or-string` may carry exactly `anyOf`/`allOf` of `[{type: integer}, {type: string}]`. */
function isIntOrStringBranches(node: Node, junctor: string): boolean {
  if (node['x-kubernetes-int-or-string'] !== true || (junctor !== 'anyOf' && junctor !== 'allOf')) return false
  const types = branches(node, junctor).map((b) => JSON.stringify(b))
  return types.length === 2 && types[0] === '{"type":"integer"}' && types[1] === '{"type":"string"}'
}

function keyProblems(node: Node, at: string): string[] {
  return Object.keys(node).flatMap((key) => {
    if (key.startsWith('~')) return [`${at}: hidden builder marker ${key}`]
    if (FORBIDDEN.includes(key)) return [`${at}: ${key} is not allowed in a structural schema`]
    return KEYWORDS.has(key) ? [] : [`${at}: ${key} is not a keyword of JSONSchemaProps`]
  })
}

function patternCompiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u')
    return true
  } catch {
    return false
  }
}

function keywordProblems(node: Node, at: string): string[] {
  const out = keyProblems(node, at)
  if (node.uniqueItems === true) out.push(`${at}: uniqueItems: true is not allowed`)
  if (node.additionalProperties === false) out.push(`${at}: additionalProperties: false is not allowed`)
  if (node.additionalProperties !== undefined && node.properties !== undefined) out.push(`${at}: additionalProperties and properties are mutually exclusive`)
  if (node['x-kubernetes-preserve-unknown-fields'] === false) out.push(`${at}: x-kubernetes-preserve-unknown-fields must be true or absent`)
  if (typeof node.format === 'string' && !FORMATS.has(node.format)) out.push(`${at}: format ${node.format} is not one the API server knows`)
  if (typeof node.pattern === 'string' && !patternCompiles(node.pattern)) out.push(`${at}: pattern does not compile`)
  return out
}

function typeName(node: Node): string {
  return typeof node.type === 'string' ? node.type : JSON.stringify(node.type)
}

function enumProblems(node: Node, at: string): string[] {
  const type = typeName(node)
  if (!Array.isArray(node.enum) || !SCALARS.includes(type)) return []
  const want = type === 'integer' || type === 'number' ? 'number' : type
  return node.enum.some((v) => typeof v !== want) ? [`${at}: enum values must be of type ${type}`] : []
}

function typeProblems(node: Node, at: string): string[] {
  const intOrString = node['x-kubernetes-int-or-string'] === true
  if (node.type === undefined) return intOrString || node['x-kubernetes-preserve-unknown-fields'] === true ? [] : [`${at}: no type`]
  const out = enumProblems(node, at)
  if (!TYPES.includes(typeName(node))) out.push(`${at}: type ${typeName(node)} is not one of ${TYPES.join(', ')}`)
  if (intOrString) out.push(`${at}: x-kubernetes-int-or-string must not have a type`)
  if (node.type === 'array' && !isNode(node.items)) out.push(`${at}: an array needs items`)
  for (const name of (node.required ?? []) as string[]) if (!(name in properties(node))) out.push(`${at}: required ${name} is not a property`)
  return [...out, ...embeddedProblems(node, at)]
}

function embeddedProblems(node: Node, at: string): string[] {
  if (node['x-kubernetes-embedded-resource'] !== true) return []
  const shaped = node.type === 'object' && (node.properties !== undefined || node['x-kubernetes-preserve-unknown-fields'] === true)
  return shaped ? [] : [`${at}: x-kubernetes-embedded-resource needs type object with properties or x-kubernetes-preserve-unknown-fields`]
}

function mapKeyProblems(items: Node, keys: string[], at: string): string[] {
  const required = (items.required ?? []) as string[]
  return keys.flatMap((key) => {
    const field = properties(items)[key]
    if (field === undefined) return [`${at}: map key ${key} is not a property of the items`]
    if (!SCALARS.includes(typeName(field))) return [`${at}: map key ${key} must be a scalar`]
    return required.includes(key) || field.default !== undefined ? [] : [`${at}: map key ${key} must be required or have a default`]
  })
}

function listProblems(node: Node, at: string): string[] {
  const listType = node['x-kubernetes-list-type']
  const keys = node['x-kubernetes-list-map-keys']
  if (listType === undefined) return keys === undefined ? [] : [`${at}: x-kubernetes-list-map-keys without x-kubernetes-list-type: map`]
  if (node.type !== 'array') return [`${at}: x-kubernetes-list-type on a non-array`]
  const items = isNode(node.items) ? node.items : {}
  switch (listType) {
    case 'atomic':
      return []
    case 'set':
      return SCALARS.includes(typeName(items)) || items['x-kubernetes-map-type'] === 'atomic' ? [] : [`${at}: a set needs scalar (or atomic) items`]
    case 'map':
      return Array.isArray(keys) && keys.length > 0 ? mapKeyProblems(items, keys as string[], at) : [`${at}: a map list needs x-kubernetes-list-map-keys`]
    default:
      return [`${at}: x-kubernetes-list-type must be atomic, set or map`]
  }
}

function junctorProblems(node: Node, at: string): string[] {
  const out: string[] = []
  for (const junctor of JUNCTORS) {
    if (isIntOrStringBranches(node, junctor)) continue
    for (const branch of branches(node, junctor)) {
      for (const key of NOT_IN_JUNCTORS) if (key in branch) out.push(`${at}/${junctor}: ${key} is not allowed inside ${junctor}`)
      for (const name of Object.keys(properties(branch))) if (!(name in properties(node))) out.push(`${at}/${junctor}: ${name} must also be specified outside ${junctor}`)
    }
  }
  return out
}

function defaultProblems(node: Node, at: string): string[] {
  if (!('default' in node)) return []
  const { default: value, ...schema } = node
  const validate = ajv.compile(schema)
  return validate(value) ? [] : [`${at}: default does not validate: ${ajv.errorsText(validate.errors)}`]
}

/** Only restrictions on name and generateName are allowed under a resource's metadata. */
function metadataProblems(node: Node, at: string): string[] {
  const out = Object.keys(node).filter((k) => !['type', 'description', 'properties'].includes(k)).map((k) => `${at}: ${k} is not allowed on metadata`)
  if (node.type !== 'object') out.push(`${at}: metadata must be type object`)
  for (const [name, field] of Object.entries(properties(node))) {
    if (name !== 'name' && name !== 'generateName') out.push(`${at}: only name and generateName may be restricted, not ${name}`)
    else if (field.type !== 'string') out.push(`${at}/${name}: must be type string`)
  }
  return out
}

function walk(node: Node, at: string, isField: boolean, resource: boolean, out: string[]): void {
  out.push(...keywordProblems(node, at), ...typeProblems(node, at), ...listProblems(node, at), ...junctorProblems(node, at), ...defaultProblems(node, at))
  if (isField && typeof node.description !== 'string') out.push(`${at}: no description (kubectl explain shows nothing)`)
  const mapType = node['x-kubernetes-map-type']
  if (mapType !== undefined && (node.type !== 'object' || (mapType !== 'granular' && mapType !== 'atomic'))) {
    out.push(`${at}: x-kubernetes-map-type must be granular or atomic, on an object`)
  }
  for (const [key, child] of Object.entries(properties(node))) {
    if (resource && key === 'metadata') out.push(...metadataProblems(child, `${at}/metadata`))
    else walk(child, `${at}/${key}`, true, child['x-kubernetes-embedded-resource'] === true, out)
  }
  if (isNode(node.items)) walk(node.items, `${at}/items`, false, node.items['x-kubernetes-embedded-resource'] === true, out)
  if (isNode(node.additionalProperties)) walk(node.additionalProperties, `${at}/additionalProperties`, false, false, out)
}

/** Every reason the API server (or kubectl explain) would find this openAPIV3Schema wanting; empty when none. */
export function structuralProblems(schema: Node): string[] {
  const out: string[] = []
  walk(schema, '', true, true, out)
  return out
}
