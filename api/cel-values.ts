/**
 * JSON values as the API server hands them to CEL: typed by the schema
 * (integers as int, `number` fields as double, `date-time` strings as
 * timestamps), null fields absent, fields the schema does not declare
 * invisible, and of an object's metadata only name and generateName.
 */

export type SchemaNode = Record<string, unknown>

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A value under no schema (kept by x-kubernetes-preserve-unknown-fields): integers become ints. */
function untyped(value: unknown): unknown {
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value)
  if (Array.isArray(value)) return value.map(untyped)
  if (isObject(value)) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = untyped(v)
    return out
  }
  return value
}

function resourceMetadata(value: unknown): Record<string, unknown> | undefined {
  if (!isObject(value)) return undefined
  const out: Record<string, unknown> = {}
  if (typeof value.name === 'string') out.name = value.name
  if (typeof value.generateName === 'string') out.generateName = value.generateName
  return out
}

function objectValue(node: SchemaNode, value: Record<string, unknown>, resource: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const properties = node.properties as Record<string, SchemaNode> | undefined
  const additional = typeof node.additionalProperties === 'object' ? (node.additionalProperties as SchemaNode) : undefined
  if (properties === undefined && additional === undefined) return untyped(value) as Record<string, unknown>
  for (const [key, v] of Object.entries(value)) {
    const schema = properties?.[key] ?? additional
    if (schema === undefined) continue
    const converted = resource && key === 'metadata' ? resourceMetadata(v) : toCelValue(schema, v)
    if (converted !== undefined) out[key] = converted
  }
  return out
}

function scalarValue(node: SchemaNode, value: unknown): unknown {
  if (typeof value === 'number') return node.type !== 'number' && Number.isInteger(value) ? BigInt(value) : value
  if (typeof value === 'string' && node.type === 'string' && node.format === 'date-time') {
    const time = new Date(value)
    return Number.isNaN(time.getTime()) ? value : time
  }
  return value
}

/** The CEL value of `value` under `node`; undefined for null and absent values. */
export function toCelValue(node: SchemaNode, value: unknown, resource = node['x-kubernetes-embedded-resource'] === true): unknown {
  if (value === null || value === undefined) return undefined
  if (Array.isArray(value)) {
    const items = node.items as SchemaNode | undefined
    return items === undefined ? untyped(value) : value.map((v) => toCelValue(items, v) ?? null)
  }
  if (isObject(value)) return objectValue(node, value, resource)
  return scalarValue(node, value)
}

/** Deep equality of CEL values (the API server's test for "unchanged" when it ratchets). */
export function celEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime()
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => celEqual(v, b[i]))
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && celEqual(a[k], b[k]))
  }
  return false
}
