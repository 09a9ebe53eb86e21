/**
 * Test data for the MongoDB provider, and the checks the Percona operator
 * (1.22.0) runs on the objects we emit besides its schema: the CRDs' CEL
 * rules (evaluated on the upstream schemas) and the reconcile-time checks of
 * psmdb_defaults.go and perconaservermongodbrestore_types.go.
 */
import fs from 'node:fs'
import path from 'node:path'
import YAML from 'yaml'
import { evaluateCrdRules } from '../../../api/cel.js'
import type { KObject } from '../../../providers/shared/kube.js'
import { applyChild } from '../../support/metacontroller.js'
import { S3_CLASS, S3_SECRET, credentialsSecret, storageClass, sync } from '../../support/clusters.js'
import { SCHEMAS_DIR, validateChild } from '../../support/upstream-schemas.js'

type Obj = Record<string, any>

export const SPEC = { engine: 'mongodb', clusterSize: 3, storage: '20Gi' }
export const spec = (extra: Obj = {}): Obj => ({ ...SPEC, ...extra })
export const BACKUP = { storageClassName: 's3-default', schedules: [{ name: 'nightly', schedule: '0 2 * * *', retentionCopies: 5 }] }
export const RELATED: KObject[] = [S3_CLASS, S3_SECRET]

export const SERVICE_ACCOUNT = { type: 'service_account', client_email: 'pbm@acme.iam.gserviceaccount.com', private_key: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n' }
export const GCS_SECRET = credentialsSecret('gcs-creds', { GOOGLE_APPLICATION_CREDENTIALS_JSON: JSON.stringify(SERVICE_ACCOUNT) })
export const GCS_CLASS = storageClass('gcs-eu', [{ name: 'gcs', gcs: { bucket: 'mongo-backups', prefix: 'prod', credentialsSecretRef: { name: 'gcs-creds', namespace: 'dbaas-system' } } }])

/** The status the operator writes on a healthy 3-member replica set (everest-operator e2e fixture, with members). */
export function readyStatus(cluster = 'events', extra: Obj = {}): Obj {
  return {
    state: 'ready',
    observedGeneration: 1,
    replsets: { rs0: { size: 3, ready: 3, status: 'ready', initialized: true, members: { [`${cluster}-rs0-0`]: { name: `${cluster}-rs0-0.${cluster}-rs0.team-a.svc.cluster.local:27017`, state: 1, stateStr: 'PRIMARY' }, [`${cluster}-rs0-1`]: { state: 2, stateStr: 'SECONDARY' }, [`${cluster}-rs0-2`]: { state: 2, stateStr: 'SECONDARY' } } } },
    ready: 3,
    size: 3,
    mongoVersion: '8.0.19-7',
    host: `${cluster}-rs0.team-a.svc.cluster.local`,
    conditions: [{ type: 'ready', status: 'True', reason: 'RSReady', message: 'rs0: ready', lastTransitionTime: '2026-01-01T00:05:00Z' }],
    ...extra,
  }
}

/** A PerconaServerMongoDBBackup as the operator leaves it (backup.go: destination = s3://bucket/prefix/<pbm name>). */
export function backupObject(name: string, cluster: string, state: string, completed: string, extra: Obj = {}): KObject {
  const prefix = `prod/team-a/${cluster}`
  const s3 = { bucket: 'db-backups', prefix, region: 'eu-central-1', credentialsSecret: `${cluster}-backup-credentials` }
  const status: Obj = { state, type: 'logical', storageName: 'primary', destination: `s3://db-backups/${prefix}/${completed}`, s3, pbmName: completed, ...(state === 'ready' ? { completed, lastWriteAt: completed } : { lastTransition: completed, error: 'upload failed: 403 Forbidden' }), ...extra }
  return { apiVersion: 'psmdb.percona.com/v1', kind: 'PerconaServerMongoDBBackup', metadata: { name, namespace: 'team-a' }, spec: { clusterName: cluster, storageName: 'primary', type: 'logical' }, status }
}

/** The children of a first sync, as the API server holds them, with the operator's status on the PerconaServerMongoDB. */
export function applied(parent: KObject, related: KObject[] = RELATED, status?: Obj): KObject[] {
  return sync(parent, [], related).children.map((c, i) => applyChild(c, parent, c.kind === 'PerconaServerMongoDB' ? status : undefined, i + 1))
}

export function withStatus(child: KObject, status: Obj): KObject {
  return { ...child, status }
}

const schema = (kind: string) => JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, 'psmdb', `${kind}.json`), 'utf8')) as Obj

const SCHEMAS: Record<string, Obj> = { PerconaServerMongoDB: schema('PerconaServerMongoDB'), PerconaServerMongoDBRestore: schema('PerconaServerMongoDBRestore') }

function replsetProblems(rs: Obj | undefined, where: string, unsafe: boolean): string[] {
  if (rs === undefined) return [`${where} is missing`]
  if (unsafe) return []
  const size = rs.size as number
  return size < 3 || size % 2 === 0 ? [`${where}: size ${size} must be odd and at least 3 without unsafeFlags.replsetSize`] : []
}

function taskProblems(t: Obj, storages: readonly string[]): string[] {
  const problems: string[] = []
  if (typeof t.name !== 'string' || t.name === '') problems.push('backup task without a name')
  if (!storages.includes(t.storageName)) problems.push(`task ${t.name} names storage ${t.storageName}, which is not defined`)
  if (String(t.schedule).trim().split(/\s+/).length !== 5) problems.push(`task ${t.name}: cron must have 5 fields`)
  return problems
}

function backupProblems(b: Obj | undefined): string[] {
  if (b?.enabled !== true) return []
  const storages = Object.entries((b.storages ?? {}) as Obj)
  const problems = b.image === undefined ? ['backup.image is required'] : []
  if (storages.length > 1 && storages.filter(([, s]) => s.main === true).length !== 1) problems.push('exactly one main storage')
  return [...problems, ...((b.tasks ?? []) as Obj[]).flatMap((t) => taskProblems(t, storages.map(([n]) => n)))]
}

function operatorSettingProblems(s: Obj): string[] {
  const problems: string[] = []
  if (s.crVersion !== '1.22.0') problems.push('crVersion must be 1.22.0')
  if (s.secrets?.users === undefined || s.secrets.users === 'percona-server-mongodb-users') problems.push('the users Secret must be per cluster')
  if (s.unsafeFlags?.tls === true || s.tls?.mode === 'disabled') problems.push('TLS must stay enabled')
  return problems
}

function replsetSpecProblems(cluster: string, rs: Obj, unsafe: boolean): string[] {
  const problems = replsetProblems(rs, `replset ${rs.name}`, unsafe)
  if (`${cluster}${rs.name}`.length > 50) problems.push('cluster name + replset name longer than 50')
  if (rs.volumeSpec === undefined) problems.push(`replset ${rs.name}: volumeSpec should be specified`)
  const conf = rs.configuration === undefined ? {} : (YAML.parse(rs.configuration) as Obj)
  if (conf.net?.tls?.mode !== undefined) problems.push('tlsMode must be set using spec.tls.mode')
  return problems
}

function shardingProblems(sharding: Obj | undefined, unsafe: boolean): string[] {
  if (sharding?.enabled !== true) return []
  return [...replsetProblems(sharding.configsvrReplSet, 'config replica set', unsafe), ...(sharding.mongos === undefined ? ['mongos should be specified'] : [])]
}

/** psmdb_defaults.go CheckNSetDefaults and checkSafeDefaults, as far as our objects reach. */
function psmdbProblems(obj: KObject): string[] {
  const s = obj.spec as Obj
  const unsafe = s.unsafeFlags?.replsetSize === true
  const replsets = (s.replsets ?? []) as Obj[]
  return [
    ...operatorSettingProblems(s),
    ...(replsets.length === 0 ? ['at least one replica set should be specified'] : []),
    ...replsets.flatMap((rs) => replsetSpecProblems(obj.metadata.name, rs, unsafe)),
    ...shardingProblems(s.sharding, unsafe),
    ...backupProblems(s.backup),
  ]
}

/** perconaservermongodbrestore_types.go CheckFields. */
function restoreProblems(obj: KObject): string[] {
  const s = obj.spec as Obj
  const problems: string[] = []
  if (!s.clusterName) problems.push('spec clusterName field is empty')
  if (!s.backupName && s.backupSource === undefined) problems.push('one of backupName or backupSource is required')
  const src = s.backupSource as Obj | undefined
  if (src !== undefined) {
    if (!src.destination) problems.push('backupSource destination is required')
    if (src.s3 !== undefined && !String(src.destination).startsWith('s3://')) problems.push('backupSource destination should use s3 protocol format')
    if (!s.storageName && !['s3', 'gcs', 'azure', 'minio', 'filesystem'].some((t) => src[t] !== undefined)) problems.push('backupSource needs a storage')
  }
  if (s.pitr !== undefined && !['date', 'latest'].includes(s.pitr.type)) problems.push(`undefined pitr restore type: ${s.pitr.type}`)
  return problems
}

/** Everything the API server and the operator would object to in one emitted child. */
export function childProblems(obj: KObject): string[] {
  const problems = validateChild(obj)
  const upstream = SCHEMAS[obj.kind]
  if (upstream !== undefined) problems.push(...evaluateCrdRules(upstream, obj).map((f) => `${f.path}: ${f.message}`))
  if (obj.kind === 'PerconaServerMongoDB') problems.push(...psmdbProblems(obj))
  if (obj.kind === 'PerconaServerMongoDBRestore') problems.push(...restoreProblems(obj))
  return problems
}

export function problemsOf(children: readonly KObject[]): string[] {
  return children.flatMap((c) => childProblems(c).map((p) => `${c.kind} ${c.metadata.name}: ${p}`))
}

