/**
 * How to reach each kind of database we can attach to, from its own spec and
 * its operator's naming conventions (overridable by annotations).
 */
import type { BackupEngine } from '../../api/database-backup.js'
import type { KObject } from '../shared/kube.js'
import { field, stringField } from '../shared/observed.js'
import { A, type Read } from './annotations.js'

export interface AttachTarget {
  engine: BackupEngine
  host: string
  port: number
  secret: string
  usernameKey?: string
  passwordKey: string
  username?: string
  databases?: string[]
}

const DEFAULT_PORTS: Record<BackupEngine, number> = { postgresql: 5432, mysql: 3306, mariadb: 3306, mongodb: 27017, cockroach: 26257 }

function svc(name: string, ns: string): string {
  return `${name}.${ns}.svc`
}

function cnpg(obj: KObject, ns: string, a: Record<string, string>): AttachTarget {
  const name = obj.metadata.name
  const database = stringField(obj, 'spec', 'bootstrap', 'initdb', 'database') ?? 'app'
  return { engine: 'postgresql', host: svc(`${name}-rw`, ns), port: 5432, secret: a[A.credentialsSecret] ?? `${name}-app`, usernameKey: 'username', passwordKey: 'password', databases: [database] }
}

function pxc(obj: KObject, ns: string, a: Record<string, string>): AttachTarget {
  const name = obj.metadata.name
  const proxy = field(obj, 'spec', 'haproxy', 'enabled') === true ? 'haproxy' : field(obj, 'spec', 'proxysql', 'enabled') === true ? 'proxysql' : 'pxc'
  return { engine: 'mysql', host: svc(`${name}-${proxy}`, ns), port: 3306, secret: a[A.credentialsSecret] ?? stringField(obj, 'spec', 'secretsName') ?? `${name}-secrets`, username: 'root', passwordKey: 'root' }
}

function psmdb(obj: KObject, ns: string, a: Record<string, string>): AttachTarget {
  const name = obj.metadata.name
  const sharded = field(obj, 'spec', 'sharding', 'enabled') === true
  const secret = a[A.credentialsSecret] ?? stringField(obj, 'spec', 'secrets', 'users') ?? 'percona-server-mongodb-users'
  return { engine: 'mongodb', host: svc(sharded ? `${name}-mongos` : `${name}-rs0`, ns), port: 27017, secret, usernameKey: 'MONGODB_BACKUP_USER', passwordKey: 'MONGODB_BACKUP_PASSWORD' }
}

function statefulSet(obj: KObject, ns: string, a: Record<string, string>): Read<AttachTarget> {
  const engine = a[A.engine] as BackupEngine | undefined
  if (engine === undefined || !(engine in DEFAULT_PORTS)) return { ok: false, message: `${A.engine} must be one of ${Object.keys(DEFAULT_PORTS).join(', ')} on a StatefulSet` }
  const secret = a[A.credentialsSecret]
  if (secret === undefined) return { ok: false, message: `${A.credentialsSecret} is required on a StatefulSet (a Secret with username and password)` }
  const service = stringField(obj, 'spec', 'serviceName') ?? obj.metadata.name
  const port = a[A.port] === undefined ? DEFAULT_PORTS[engine] : Number(a[A.port])
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { ok: false, message: `${A.port} must be a port number` }
  return { ok: true, value: { engine, host: a[A.host] ?? svc(service, ns), port, secret, usernameKey: 'username', passwordKey: 'password' } }
}

export function attachTarget(obj: KObject, annotations: Record<string, string>): Read<AttachTarget> {
  const ns = obj.metadata.namespace ?? ''
  const group = obj.apiVersion.split('/')[0]
  const key = `${obj.kind}.${group ?? ''}`
  if (key === 'Cluster.postgresql.cnpg.io') return { ok: true, value: cnpg(obj, ns, annotations) }
  if (key === 'PerconaXtraDBCluster.pxc.percona.com') return { ok: true, value: pxc(obj, ns, annotations) }
  if (key === 'PerconaServerMongoDB.psmdb.percona.com') return { ok: true, value: psmdb(obj, ns, annotations) }
  if (key === 'StatefulSet.apps') return statefulSet(obj, ns, annotations)
  return { ok: false, message: `${obj.kind} ${obj.apiVersion} is not a database kind the backup decorator knows` }
}
