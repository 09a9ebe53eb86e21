/** Builders for parents, related objects and requests used across tests. */
import { CREDENTIALS_LABEL } from '../../api/backup-storage-class.js'
import { syncDatabaseCluster } from '../../providers/database-cluster/sync.js'
import { CONTROLLERS } from '../../providers/controllers.js'
import type { ReconcileContext } from '../../providers/shared/context.js'
import { DEFAULT_CONFIG, EPOCH } from '../../providers/shared/defaults.js'
import type { CompositeSyncRequest, CompositeSyncResponse, KObject } from '../../providers/shared/kube.js'
import { type ChildRule, Simulator, type StatusOf, childrenMap, compositeController, relatedMap } from './metacontroller.js'

export const CTX: ReconcileContext = { now: EPOCH, config: DEFAULT_CONFIG }
export const LATER: ReconcileContext = { now: '2026-01-01T01:00:00Z', config: DEFAULT_CONFIG }

export const SEED_SPEC = { engine: 'postgresql', clusterSize: 3, storage: '10Gi', config: [{ name: 'max_connections', value: '200' }] }

export function databaseCluster(name: string, spec: Record<string, unknown>, extra: { namespace?: string; generation?: number; status?: Record<string, unknown> } = {}): KObject {
  const parent: KObject = {
    apiVersion: 'dbaas.io/v1alpha1',
    kind: 'DatabaseCluster',
    metadata: { name, namespace: extra.namespace ?? 'team-a', uid: `uid-${name}`, generation: extra.generation ?? 1 },
    spec,
  }
  if (extra.status !== undefined) parent.status = extra.status
  return parent
}

export const DB_RULES: ChildRule[] = CONTROLLERS[0]!.childTypes().map((t) => ({ apiVersion: t.apiVersion, kind: t.kind, resource: t.resource }))
export const DB_CONTROLLER = compositeController('dbaas-databasecluster', DB_RULES)

export function syncRequest(parent: KObject, children: KObject[] = [], related: KObject[] = [], finalizing = false): CompositeSyncRequest {
  return { controller: DB_CONTROLLER, parent, children: childrenMap(DB_RULES, children), related: relatedMap(related), finalizing }
}

export function sync(parent: KObject, children: KObject[] = [], related: KObject[] = [], ctx: ReconcileContext = CTX): CompositeSyncResponse {
  return syncDatabaseCluster(syncRequest(parent, children, related), ctx)
}

export function simulator(parent: KObject, related: KObject[] = [], statusOf?: StatusOf, ctx: ReconcileContext = CTX): Simulator {
  return new Simulator(parent, {
    controller: DB_CONTROLLER,
    rules: DB_RULES,
    related,
    ...(statusOf === undefined ? {} : { statusOf }),
    hook: (req) => syncDatabaseCluster(req, ctx),
  })
}

export function b64(text: string): string {
  return Buffer.from(text).toString('base64')
}

export function credentialsSecret(name: string, data: Record<string, string>, labelled = true, namespace = 'dbaas-system'): KObject {
  const encoded: Record<string, string> = {}
  for (const [k, v] of Object.entries(data)) encoded[k] = b64(v)
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace, ...(labelled ? { labels: { [CREDENTIALS_LABEL]: 'true' } } : {}) },
    type: 'Opaque',
    data: encoded,
  }
}

export const S3_SECRET = credentialsSecret('s3-creds', { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'not-a-real-secret-value' })

export function storageClass(name: string, locations: Record<string, unknown>[]): KObject {
  return { apiVersion: 'backup.dbaas.io/v1alpha1', kind: 'DatabaseBackupStorageClass', metadata: { name }, spec: { locations } }
}

export const S3_CLASS = storageClass('s3-default', [
  { name: 'primary', s3: { bucket: 'db-backups', prefix: 'prod', region: 'eu-central-1', endpoint: 'https://s3.eu-central-1.amazonaws.com', credentialsSecretRef: { name: 's3-creds', namespace: 'dbaas-system' } } },
])

export function child(response: CompositeSyncResponse, kind: string, name?: string): KObject {
  const found = response.children.find((c) => c.kind === kind && (name === undefined || c.metadata.name === name))
  if (found === undefined) throw new Error(`no ${kind}${name === undefined ? '' : ` ${name}`} among ${response.children.map((c) => `${c.kind}/${c.metadata.name}`).join(', ')}`)
  return found
}

export function condition(status: Record<string, unknown>, type: string): Record<string, unknown> | undefined {
  const list = status.conditions as Record<string, unknown>[] | undefined
  return list?.find((c) => c.type === type)
}
