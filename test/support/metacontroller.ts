/**
 * An in-process model of how Metacontroller (v4.17, hooks v2, dynamic apply,
 * generateSelector) treats a CompositeController response, for multi-step
 * tests: children are created with the last-applied annotation, the
 * controller-uid label and an owner reference; children missing from a
 * response are deleted; status is replaced and observedGeneration injected;
 * a failed hook call changes nothing; finalize runs until `finalized`.
 *
 * Engine operators are modelled by a status function the test supplies.
 */
import type { CompositeSyncRequest, CompositeSyncResponse, KObject, ObjectMap } from '../../providers/shared/kube.js'
import { typeKey } from '../../providers/shared/kube.js'
import { LAST_APPLIED } from '../../providers/shared/observed.js'

export interface ChildRule {
  apiVersion: string
  kind: string
  resource: string
}

export type StatusOf = (child: KObject) => Record<string, unknown> | undefined

export function objectMapKey(obj: KObject): string {
  const ns = obj.metadata.namespace
  return ns === undefined ? obj.metadata.name : `${ns}/${obj.metadata.name}`
}

/** What the API server holds after Metacontroller applied `desired` for `parent`. */
export function applyChild(desired: KObject, parent: KObject, status: Record<string, unknown> | undefined, serial: number): KObject {
  const metadata = desired.metadata
  const applied: KObject = {
    ...desired,
    metadata: {
      ...metadata,
      namespace: metadata.namespace ?? parent.metadata.namespace ?? '',
      uid: `uid-${serial}`,
      resourceVersion: String(1000 + serial),
      generation: 1,
      creationTimestamp: '2026-01-01T00:00:00Z',
      labels: { ...(metadata.labels ?? {}), 'controller-uid': parent.metadata.uid ?? '' },
      annotations: { ...(metadata.annotations ?? {}), [LAST_APPLIED]: JSON.stringify(desired) },
      ownerReferences: [
        { apiVersion: parent.apiVersion, kind: parent.kind, name: parent.metadata.name, uid: parent.metadata.uid, controller: true, blockOwnerDeletion: true },
      ],
      managedFields: [{ manager: 'metacontroller', operation: 'Update', apiVersion: desired.apiVersion, time: '2026-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }],
    },
  }
  if (status !== undefined) applied.status = status
  return applied
}

/** A v2 children map with an entry for every rule, as Metacontroller sends it. */
export function childrenMap(rules: readonly ChildRule[], objects: readonly KObject[]): ObjectMap {
  const map: ObjectMap = {}
  for (const rule of rules) map[typeKey(rule.apiVersion, rule.kind)] = {}
  for (const obj of objects) {
    const bucket = map[typeKey(obj.apiVersion, obj.kind)]
    if (bucket === undefined) throw new Error(`hook emitted ${obj.kind} ${obj.apiVersion}, which is not a child resource of the controller`)
    bucket[objectMapKey(obj)] = obj
  }
  return map
}

export function relatedMap(objects: readonly KObject[]): ObjectMap {
  const map: ObjectMap = {}
  for (const obj of objects) {
    const key = typeKey(obj.apiVersion, obj.kind)
    map[key] = { ...(map[key] ?? {}), [objectMapKey(obj)]: obj }
  }
  return map
}

export function compositeController(name: string, rules: readonly ChildRule[]): KObject {
  return {
    apiVersion: 'metacontroller.k8s.io/v1alpha1',
    kind: 'CompositeController',
    metadata: { name },
    spec: {
      generateSelector: true,
      childResources: rules.map((r) => ({ apiVersion: r.apiVersion, resource: r.resource, updateStrategy: { method: 'InPlace' } })),
    },
  }
}

export interface SimulatorOptions {
  controller: KObject
  rules: readonly ChildRule[]
  hook: (req: CompositeSyncRequest) => CompositeSyncResponse
  statusOf?: StatusOf
  related?: KObject[]
}

/** A parent and its children in a fake API server, driven by one hook. */
export class Simulator {
  parent: KObject
  children: KObject[] = []
  deleted: KObject[] = []
  finalized = false
  private serial = 0
  private readonly options: SimulatorOptions

  constructor(parent: KObject, options: SimulatorOptions) {
    this.parent = parent
    this.options = options
  }

  request(finalizing = false): CompositeSyncRequest {
    return {
      controller: this.options.controller,
      parent: this.parent,
      children: childrenMap(this.options.rules, this.children),
      related: relatedMap(this.options.related ?? []),
      finalizing,
    }
  }

  /** One sync (or finalize, once the parent is being deleted). Returns the response. */
  step(): CompositeSyncResponse {
    const finalizing = this.parent.metadata.deletionTimestamp !== undefined
    const response = this.options.hook(this.request(finalizing))
    const desired = response.children
    const keep = new Set(desired.map((c) => `${typeKey(c.apiVersion, c.kind)}|${c.metadata.name}`))
    this.deleted.push(...this.children.filter((c) => !keep.has(`${typeKey(c.apiVersion, c.kind)}|${c.metadata.name}`)))
    this.children = desired.map((d) => {
      const existing = this.children.find((c) => c.kind === d.kind && c.apiVersion === d.apiVersion && c.metadata.name === d.metadata.name)
      const status = this.options.statusOf?.(d) ?? (existing?.status as Record<string, unknown> | undefined)
      return applyChild(d, this.parent, status, existing === undefined ? ++this.serial : Number(existing.metadata.uid?.slice(4)))
    })
    this.parent = { ...this.parent, status: { ...response.status, observedGeneration: this.parent.metadata.generation } }
    if (finalizing && response.finalized === true) this.finalized = true
    return response
  }

  /** Change the spec, as `kubectl apply` would (generation bump). */
  setSpec(spec: Record<string, unknown>): void {
    this.parent = { ...this.parent, spec, metadata: { ...this.parent.metadata, generation: (this.parent.metadata.generation ?? 1) + 1 } }
  }

  delete(): void {
    this.parent = { ...this.parent, metadata: { ...this.parent.metadata, deletionTimestamp: '2026-01-02T00:00:00Z' } }
  }

  /** Related objects change (created, deleted) between syncs. */
  setRelated(objects: KObject[]): void {
    this.options.related = objects
  }
}
