/**
 * The last check before answering 200: the response carries only the fields
 * Metacontroller's strict v2 decoding accepts, with the types it expects;
 * every child names itself, and no child appears twice. Anything else is a
 * bug, and a bug answers 500 (DBAAS_ERR_RESPONSE).
 */
import { DBAAS_ERR, DbaasError } from './errors.js'
import { COMPOSITE_RESPONSE_FIELDS, CUSTOMIZE_RESPONSE_FIELDS, DECORATOR_RESPONSE_FIELDS } from './contract/envelopes.js'

function fail(detail: string): never {
  throw new DbaasError(DBAAS_ERR.RESPONSE, detail)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkChildren(children: unknown, field: string): void {
  if (!Array.isArray(children)) fail(`${field} is not a list`)
  const seen = new Set<string>()
  for (const [i, child] of (children as unknown[]).entries()) {
    const meta = isObject(child) ? child.metadata : undefined
    const named = isObject(child) && typeof child.apiVersion === 'string' && typeof child.kind === 'string' && isObject(meta) && typeof meta.name === 'string' && meta.name !== ''
    if (!named) fail(`${field}[${i}] lacks apiVersion, kind or metadata.name`)
    const namespace = typeof meta.namespace === 'string' ? meta.namespace : ''
    const key = `${String(child.apiVersion)}|${String(child.kind)}|${namespace}|${String(meta.name)}`
    if (seen.has(key)) fail(`${field}[${i}] ${String(child.kind)} ${namespace}/${String(meta.name)} appears twice`)
    seen.add(key)
  }
}

function checkShape(response: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (!isObject(response)) fail('the response is not an object')
  const extra = Object.keys(response).filter((k) => !allowed.includes(k))
  if (extra.length > 0) fail(`unexpected top-level fields ${extra.join(', ')}`)
  if (response.resyncAfterSeconds !== undefined && (typeof response.resyncAfterSeconds !== 'number' || !(response.resyncAfterSeconds >= 0))) fail('resyncAfterSeconds is not a non-negative number')
  if (response.finalized !== undefined && typeof response.finalized !== 'boolean') fail('finalized is not a boolean')
  return response
}

export function guardComposite(response: unknown): void {
  const r = checkShape(response, COMPOSITE_RESPONSE_FIELDS)
  if (!isObject(r.status)) fail('status is not an object')
  checkChildren(r.children, 'children')
}

export function guardDecorator(response: unknown): void {
  const r = checkShape(response, DECORATOR_RESPONSE_FIELDS)
  if (r.status !== undefined && r.status !== null && !isObject(r.status)) fail('status is not an object')
  for (const field of ['labels', 'annotations'] as const) if (r[field] !== undefined && !isObject(r[field])) fail(`${field} is not a map`)
  checkChildren(r.attachments, 'attachments')
}

export function guardCustomize(response: unknown): void {
  const r = checkShape(response, CUSTOMIZE_RESPONSE_FIELDS)
  if (!Array.isArray(r.relatedResources) || !r.relatedResources.every(isObject)) fail('relatedResources is not a list of rules')
}
