/**
 * The last check before answering 200: the response carries only the fields
 * Metacontroller's strict v2 decoding accepts, every child names itself, and
 * no child appears twice. Anything else is a bug, and a bug answers 500.
 */
import type { KObject } from '../providers/shared/kube.js'
import { ResponseError } from './errors.js'

function checkChildren(children: unknown): void {
  if (!Array.isArray(children)) throw new ResponseError('children is not a list')
  const seen = new Set<string>()
  for (const child of children as KObject[]) {
    const ok = typeof child === 'object' && child !== null && typeof child.apiVersion === 'string' && typeof child.kind === 'string' && typeof child.metadata?.name === 'string' && child.metadata.name !== ''
    if (!ok) throw new ResponseError('a child lacks apiVersion, kind or metadata.name')
    const key = `${child.apiVersion}|${child.kind}|${child.metadata.namespace ?? ''}|${child.metadata.name}`
    if (seen.has(key)) throw new ResponseError(`child ${child.kind} ${child.metadata.name} appears twice`)
    seen.add(key)
  }
}

function onlyFields(response: Record<string, unknown>, allowed: readonly string[]): void {
  const extra = Object.keys(response).filter((k) => !allowed.includes(k))
  if (extra.length > 0) throw new ResponseError(`unexpected top-level fields ${extra.join(', ')}`)
}

export function guardComposite(response: Record<string, unknown>): void {
  onlyFields(response, ['status', 'children', 'resyncAfterSeconds', 'finalized'])
  if (typeof response.status !== 'object' || response.status === null || Array.isArray(response.status)) throw new ResponseError('status is not an object')
  checkChildren(response.children)
}

export function guardDecorator(response: Record<string, unknown>): void {
  onlyFields(response, ['labels', 'annotations', 'status', 'attachments', 'resyncAfterSeconds', 'finalized'])
  checkChildren(response.attachments)
}

export function guardCustomize(response: Record<string, unknown>): void {
  onlyFields(response, ['relatedResources'])
  if (!Array.isArray(response.relatedResources)) throw new ResponseError('relatedResources is not a list')
}
