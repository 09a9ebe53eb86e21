/**
 * The Metacontroller v2 hook contract, as plain types.
 *
 * Maps are keyed by `<Kind>.<group>/<version>` (core: `<Kind>.<version>`), then by
 * `<namespace>/<name>` for namespaced objects and `<name>` for cluster-scoped ones.
 */

export interface ObjectMeta {
  name: string
  namespace?: string
  uid?: string
  generation?: number
  labels?: Record<string, string>
  annotations?: Record<string, string>
  deletionTimestamp?: string
  finalizers?: string[]
  [key: string]: unknown
}

/** Any Kubernetes object, as JSON. */
export interface KObject {
  apiVersion: string
  kind: string
  metadata: ObjectMeta
  [key: string]: unknown
}

export type ObjectMap = Record<string, Record<string, KObject>>

export interface CompositeSyncRequest {
  controller: KObject
  parent: KObject
  children: ObjectMap
  related: ObjectMap
  finalizing: boolean
}

export interface CompositeSyncResponse {
  status: Record<string, unknown>
  children: KObject[]
  resyncAfterSeconds?: number
  finalized?: boolean
}

export interface DecoratorSyncRequest {
  controller: KObject
  object: KObject
  attachments: ObjectMap
  related: ObjectMap
  finalizing: boolean
}

export interface DecoratorSyncResponse {
  labels?: Record<string, string | null>
  annotations?: Record<string, string | null>
  status?: Record<string, unknown> | null
  attachments: KObject[]
  resyncAfterSeconds?: number
  finalized?: boolean
}

export interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[]
}

export interface RelatedResourceRule {
  apiVersion: string
  resource: string
  labelSelector?: LabelSelector
  namespaceSelector?: LabelSelector
  namespace?: string
  names?: string[]
}

export interface CustomizeRequest {
  controller: KObject
  parent: KObject
}

export interface CustomizeResponse {
  relatedResources: RelatedResourceRule[]
}

/** A child type as Metacontroller names it in maps: `Cluster.postgresql.cnpg.io/v1`, `Secret.v1`. */
export function typeKey(apiVersion: string, kind: string): string {
  return `${kind}.${apiVersion}`
}

/** A child type: what a CompositeController lists in childResources. */
export interface ChildType {
  apiVersion: string
  kind: string
  /** Plural resource name, for the CompositeController config. */
  resource: string
  /** Deleting it loses data (an engine cluster, anything with volumes, a backup). */
  stateful: boolean
  /**
   * Order of removal when the parent is deleted: 1 = front (proxies, monitors,
   * schedules), 2 = data (the engine cluster), 3 = what the data needed to the
   * end (object store configuration, copied credentials).
   */
  teardown: 1 | 2 | 3
}

/** The key of an object in a v2 map. */
export function objectKey(obj: KObject): string {
  const ns = obj.metadata.namespace
  return ns === undefined || ns === '' ? obj.metadata.name : `${ns}/${obj.metadata.name}`
}
