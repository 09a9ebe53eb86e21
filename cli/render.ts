/**
 * `dbaas render`: what a DatabaseCluster would get, offline. Reads the
 * DatabaseCluster and any related objects (storage classes, credential
 * Secrets, source clusters) from YAML, runs the same hook Metacontroller
 * calls, and prints the children and the status.
 */
import fs from 'node:fs'
import YAML from 'yaml'
import { CONTROLLERS } from '../providers/controllers.js'
import { syncDatabaseCluster } from '../providers/database-cluster/sync.js'
import type { ReconcileContext } from '../providers/shared/context.js'
import type { CompositeSyncResponse, KObject, ObjectMap } from '../providers/shared/kube.js'
import { typeKey } from '../providers/shared/kube.js'

export const SEED_EXAMPLE = `apiVersion: dbaas.io/v1alpha1
kind: DatabaseCluster
metadata:
  name: postgresql-demo
  namespace: default
spec:
  engine: postgresql
  clusterSize: 3
  storage: 10Gi
  config:
    - name: max_connections
      value: "200"
`

function isObject(value: unknown): value is KObject {
  return typeof value === 'object' && value !== null && typeof (value as KObject).kind === 'string' && typeof (value as KObject).metadata === 'object'
}

export function parseDocuments(text: string): KObject[] {
  return YAML.parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`invalid YAML: ${doc.errors.map((e) => e.message).join('; ')}`)
      return doc.toJS() as unknown
    })
    .filter(isObject)
}

/** What the API server stores for a Secret written with stringData. */
function asStored(obj: KObject): KObject {
  if (obj.kind !== 'Secret' || typeof obj.stringData !== 'object' || obj.stringData === null) return obj
  const data: Record<string, string> = { ...((obj.data as Record<string, string> | undefined) ?? {}) }
  for (const [key, value] of Object.entries(obj.stringData as Record<string, unknown>)) data[key] = Buffer.from(String(value)).toString('base64')
  const { stringData: _ignored, ...rest } = obj
  return { ...rest, data }
}

function objectMap(objects: KObject[], namespace: string): ObjectMap {
  const map: ObjectMap = {}
  for (const obj of objects) {
    const scoped = obj.kind === 'DatabaseBackupStorageClass' ? obj.metadata.name : `${obj.metadata.namespace ?? namespace}/${obj.metadata.name}`
    const key = typeKey(obj.apiVersion, obj.kind)
    map[key] = { ...(map[key] ?? {}), [scoped]: obj }
  }
  return map
}

/** Renders the first DatabaseCluster among `documents`; the others are its related objects. */
export function renderDocuments(documents: KObject[], ctx: ReconcileContext): CompositeSyncResponse {
  const parent = documents.find((d) => d.kind === 'DatabaseCluster')
  if (parent === undefined) throw new Error('no DatabaseCluster in the input')
  const namespace = parent.metadata.namespace ?? 'default'
  const filled: KObject = { ...parent, metadata: { ...parent.metadata, namespace, uid: parent.metadata.uid ?? 'offline-render', generation: parent.metadata.generation ?? 1 } }
  const controller = CONTROLLERS.find((c) => c.name === 'databasecluster')
  const childResources = (controller?.childTypes() ?? []).map((t) => ({ apiVersion: t.apiVersion, resource: t.resource }))
  const children: ObjectMap = {}
  for (const t of controller?.childTypes() ?? []) children[typeKey(t.apiVersion, t.kind)] = {}
  return syncDatabaseCluster(
    {
      controller: { apiVersion: 'metacontroller.k8s.io/v1alpha1', kind: 'CompositeController', metadata: { name: 'dbaas-databasecluster' }, spec: { childResources } },
      parent: filled,
      children,
      related: objectMap(documents.filter((d) => d !== parent).map(asStored), namespace),
      finalizing: false,
    },
    ctx,
  )
}

export function readInput(file: string | undefined): string {
  if (file === undefined) return SEED_EXAMPLE
  return fs.readFileSync(file === '-' ? 0 : file, 'utf8')
}

/** The children as a multi-document YAML stream, then the status as a comment block. */
export function formatYaml(response: CompositeSyncResponse): string {
  const docs = response.children.map((c) => YAML.stringify(c, { lineWidth: 0, aliasDuplicateObjects: false }))
  const status = YAML.stringify({ status: response.status }, { lineWidth: 0, aliasDuplicateObjects: false })
    .trimEnd()
    .split('\n')
    .map((line) => `# ${line}`)
    .join('\n')
  return `${docs.map((d) => `---\n${d}`).join('')}${status}\n`
}
