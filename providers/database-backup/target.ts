/**
 * Where the database is: given directly, or read from a DatabaseCluster's
 * status endpoints (its primary) and its engine's credentials convention.
 */
import type { BackupEngine } from '../../api/database-backup.js'
import { API_VERSION } from '../../api/crds.js'
import type { ObjectMap } from '../shared/kube.js'
import { field, findObject, stringField } from '../shared/observed.js'
import type { Lookup } from '../shared/related.js'
import type { BackupObject } from './parse.js'

export interface ResolvedTarget {
  host: string
  port: number
  tls: 'disable' | 'prefer' | 'require' | 'verify-full'
  /** Secret in the namespace and the keys to mount as `username` / `password`. */
  secretName: string
  usernameKey?: string
  passwordKey: string
  /** Literal user name when the Secret carries only a password. */
  username?: string
}

/** How each engine's operator names its credentials. */
const CLUSTER_CREDENTIALS: Record<string, { engine: BackupEngine; usernameKey?: string; passwordKey: string; username?: string }> = {
  postgresql: { engine: 'postgresql', usernameKey: 'username', passwordKey: 'password' },
  mysql: { engine: 'mysql', username: 'root', passwordKey: 'root' },
  mongodb: { engine: 'mongodb', usernameKey: 'MONGODB_BACKUP_USER', passwordKey: 'MONGODB_BACKUP_PASSWORD' },
}

/**
 * Where a dump connects, by endpoint role, best first. A sharded MongoDB is
 * dumped through mongos (its `pooler` endpoint: a shard alone holds only
 * part of the data); PostgreSQL never through PgBouncer (pg_dump needs a
 * session of its own), only its primary.
 */
const DUMP_ROLES: Record<string, readonly string[]> = {
  mongodb: ['pooler', 'primary'],
}
const DEFAULT_ROLES = ['primary', 'bootstrap']

function dumpEndpoint(cluster: unknown, engine: string): { host: string; port: number; secretName: string } | undefined {
  const endpoints = field(cluster, 'status', 'endpoints')
  if (!Array.isArray(endpoints)) return undefined
  const roles = DUMP_ROLES[engine] ?? DEFAULT_ROLES
  const primary = roles.map((role) => endpoints.find((e: unknown) => field(e, 'role') === role) as unknown).find((e) => e !== undefined)
  const host = stringField(primary, 'host')
  const port = field(primary, 'port')
  const secretName = stringField(primary, 'secretName')
  if (host === undefined || typeof port !== 'number' || secretName === undefined) return undefined
  return { host, port, secretName }
}

function fromCluster(backup: BackupObject, related: ObjectMap, name: string): Lookup<ResolvedTarget> {
  const cluster = findObject(related, API_VERSION, 'DatabaseCluster', name, backup.namespace)
  if (cluster === undefined) return { ok: false, reason: 'TargetNotFound', message: `DatabaseCluster ${name} does not exist in ${backup.namespace}` }
  const engine = stringField(cluster, 'spec', 'engine') ?? ''
  const convention = CLUSTER_CREDENTIALS[engine]
  if (convention === undefined) return { ok: false, reason: 'TargetUnsupported', message: `DatabaseCluster ${name} runs ${engine}, which the backup runner cannot dump` }
  if (convention.engine !== backup.spec.engine) {
    return { ok: false, reason: 'TargetEngineMismatch', message: `DatabaseCluster ${name} runs ${engine}, but this DatabaseBackup says ${backup.spec.engine}` }
  }
  const endpoint = dumpEndpoint(cluster, engine)
  if (endpoint === undefined) return { ok: false, reason: 'TargetNotReady', message: `DatabaseCluster ${name} reports no ${(DUMP_ROLES[engine] ?? DEFAULT_ROLES).join(' or ')} endpoint yet` }
  const { engine: _engine, ...keys } = convention
  return { ok: true, value: { ...endpoint, tls: 'prefer', ...keys } }
}

export function resolveTarget(backup: BackupObject, related: ObjectMap): Lookup<ResolvedTarget> {
  const { target } = backup.spec
  if (target.clusterName !== undefined) return fromCluster(backup, related, target.clusterName)
  const c = target.connection
  if (c === undefined) return { ok: false, reason: 'InvalidSpec', message: 'target names neither clusterName nor connection' }
  const ref = c.credentialsSecretRef
  const user = ref.username === undefined ? { usernameKey: ref.usernameKey } : { username: ref.username }
  return { ok: true, value: { host: c.host, port: c.port, tls: c.tls, secretName: ref.name, passwordKey: ref.passwordKey, ...user } }
}
