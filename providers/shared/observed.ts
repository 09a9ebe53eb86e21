/**
 * Reading what Metacontroller observed: children and related objects, and the
 * configuration we last applied to each child.
 */
import { memoByObject } from './memo.js'
import { HookError } from './errors.js'
import { type KObject, type ObjectMap, typeKey } from './kube.js'

export const LAST_APPLIED = 'metacontroller.k8s.io/last-applied-configuration'

/** Every object of one type in a map (empty when the type is absent). */
export function objectsOf(map: ObjectMap, apiVersion: string, kind: string): KObject[] {
  const byKey = map[typeKey(apiVersion, kind)]
  return byKey === undefined ? [] : Object.values(byKey)
}

/** One object of a type by namespace and name (namespace undefined for cluster-scoped). */
export function findObject(map: ObjectMap, apiVersion: string, kind: string, name: string, namespace?: string): KObject | undefined {
  const byKey = map[typeKey(apiVersion, kind)]
  if (byKey === undefined) return undefined
  return byKey[namespace === undefined ? name : `${namespace}/${name}`]
}

/** Every object in a map, in a stable order (by type key, then object key). */
export function allObjects(map: ObjectMap): KObject[] {
  return Object.keys(map)
    .sort()
    .flatMap((type) => {
      const byKey = map[type] ?? {}
      return Object.keys(byKey)
        .sort()
        .map((key) => byKey[key])
        .filter((o): o is KObject => o !== undefined)
    })
}

/**
 * The object exactly as we last asked for it, from Metacontroller's
 * last-applied annotation. Throws when it cannot be known: answering without
 * it could delete or rewrite the child, so the hook must answer 500 instead.
 */
export const lastApplied: (child: KObject) => KObject = memoByObject(readLastApplied)

function readLastApplied(child: KObject): KObject {
  const text = child.metadata.annotations?.[LAST_APPLIED]
  if (text === undefined) {
    throw new HookError('LastAppliedMissing', `child ${child.kind} ${child.metadata.name} has no ${LAST_APPLIED} annotation; refusing to answer without its desired state`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new HookError('LastAppliedInvalid', `child ${child.kind} ${child.metadata.name} has an unreadable ${LAST_APPLIED} annotation`)
  }
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as KObject).metadata !== 'object') {
    throw new HookError('LastAppliedInvalid', `child ${child.kind} ${child.metadata.name} has a ${LAST_APPLIED} annotation that is not an object`)
  }
  const obj = parsed as KObject
  return { ...obj, apiVersion: child.apiVersion, kind: child.kind }
}

/** Reads a nested field of an unknown object without trusting its shape. */
export function field(obj: unknown, ...path: string[]): unknown {
  let current: unknown = obj
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

export function stringField(obj: unknown, ...path: string[]): string | undefined {
  const value = field(obj, ...path)
  return typeof value === 'string' ? value : undefined
}

export function numberField(obj: unknown, ...path: string[]): number | undefined {
  const value = field(obj, ...path)
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}
