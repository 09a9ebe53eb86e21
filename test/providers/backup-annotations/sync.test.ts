import { describe, expect, it } from 'vitest'
import { DatabaseBackupSpec } from '../../../api/database-backup.js'
import { parserFor } from '../../../api/validate.js'
import { syncBackupAnnotations } from '../../../providers/backup-annotations/sync.js'
import type { KObject } from '../../../providers/shared/kube.js'
import { CTX } from '../../support/clusters.js'
import { applyChild } from '../../support/metacontroller.js'

const parse = parserFor(DatabaseBackupSpec)

function target(apiVersion: string, kind: string, name: string, annotations: Record<string, string>, spec: Record<string, unknown> = {}): KObject {
  return { apiVersion, kind, metadata: { name, namespace: 'legacy', uid: `uid-${name}`, annotations }, spec }
}

function sync(obj: KObject, attachments: KObject[] = []) {
  const map = { 'DatabaseBackup.backup.dbaas.io/v1alpha1': Object.fromEntries(attachments.map((a) => [`legacy/${a.metadata.name}`, a])) }
  return syncBackupAnnotations({ controller: { apiVersion: 'metacontroller.k8s.io/v1alpha1', kind: 'DecoratorController', metadata: { name: 'dbaas-backupannotations' } }, object: obj, attachments: map, related: {}, finalizing: false }, CTX)
}

const base = { 'backup.dbaas.io/storage-class': 'offsite' }

describe('attaching a DatabaseBackup by annotation', () => {
  it.each([
    [
      'a CloudNativePG Cluster',
      target('postgresql.cnpg.io/v1', 'Cluster', 'billing', { ...base, 'backup.dbaas.io/schedule': '0 1 * * *', 'backup.dbaas.io/keep': 'daily=7,weekly=4' }, { bootstrap: { initdb: { database: 'billing' } } }),
      { engine: 'postgresql', schedule: '0 1 * * *', retention: { keep: { daily: 7, weekly: 4 } }, target: { connection: { host: 'billing-rw.legacy.svc', port: 5432, credentialsSecretRef: { name: 'billing-app', usernameKey: 'username', passwordKey: 'password' } }, databases: ['billing'] } },
    ],
    [
      'a Percona XtraDB Cluster behind HAProxy',
      target('pxc.percona.com/v1', 'PerconaXtraDBCluster', 'shop', base, { haproxy: { enabled: true }, secretsName: 'shop-secrets' }),
      { engine: 'mysql', schedule: '1d', target: { connection: { host: 'shop-haproxy.legacy.svc', port: 3306, credentialsSecretRef: { name: 'shop-secrets', username: 'root', passwordKey: 'root' } } } },
    ],
    [
      'a sharded Percona MongoDB',
      target('psmdb.percona.com/v1', 'PerconaServerMongoDB', 'events', base, { sharding: { enabled: true }, secrets: { users: 'events-users' } }),
      { engine: 'mongodb', target: { connection: { host: 'events-mongos.legacy.svc', port: 27017, credentialsSecretRef: { name: 'events-users', usernameKey: 'MONGODB_BACKUP_USER', passwordKey: 'MONGODB_BACKUP_PASSWORD' } } } },
    ],
    [
      'a hand-made MariaDB StatefulSet',
      target('apps/v1', 'StatefulSet', 'wiki-db', { ...base, 'backup.dbaas.io/engine': 'mariadb', 'backup.dbaas.io/credentials-secret': 'wiki-db-root', 'backup.dbaas.io/databases': 'wiki, wiki_sessions', 'backup.dbaas.io/max-age': '30d' }, { serviceName: 'wiki-db-headless' }),
      { engine: 'mariadb', retention: { maxAge: '30d' }, target: { connection: { host: 'wiki-db-headless.legacy.svc', port: 3306 }, databases: ['wiki', 'wiki_sessions'] } },
    ],
  ])('%s', (_name, obj, expected) => {
    const r = sync(obj)
    expect(r.attachments).toHaveLength(1)
    const attachment = r.attachments[0]!
    expect(attachment).toMatchObject({ apiVersion: 'backup.dbaas.io/v1alpha1', kind: 'DatabaseBackup', metadata: { name: `${obj.metadata.name}-backup`, namespace: 'legacy' } })
    expect(attachment.spec).toMatchObject({ storageClassName: 'offsite', ...expected })
    expect(parse(attachment.spec).ok).toBe(true)
    expect(r.annotations).toEqual({ 'backup.dbaas.io/backup': `${obj.metadata.name}-backup`, 'backup.dbaas.io/error': null })
    expect(r).not.toHaveProperty('status')
  })

  it.each([
    ['a StatefulSet without an engine', target('apps/v1', 'StatefulSet', 'db', { ...base, 'backup.dbaas.io/credentials-secret': 's' }), /backup.dbaas.io\/engine must be one of/],
    ['a StatefulSet without credentials', target('apps/v1', 'StatefulSet', 'db', { ...base, 'backup.dbaas.io/engine': 'postgresql' }), /credentials-secret is required/],
    ['a bad keep rule', target('postgresql.cnpg.io/v1', 'Cluster', 'db', { ...base, 'backup.dbaas.io/keep': 'forever=1' }), /"forever=1" is not one of/],
    ['a bad schedule', target('postgresql.cnpg.io/v1', 'Cluster', 'db', { ...base, 'backup.dbaas.io/schedule': 'hourly' }), /schedule hourly: neither an interval/],
  ])('refuses %s with an annotation on the target, keeping any existing attachment', (_name, obj, message) => {
    const existing = applyChild({ apiVersion: 'backup.dbaas.io/v1alpha1', kind: 'DatabaseBackup', metadata: { name: 'db-backup', namespace: 'legacy' }, spec: { engine: 'postgresql' } }, obj, undefined, 1)
    const r = sync(obj, [existing])
    expect(r.annotations?.['backup.dbaas.io/error']).toMatch(message)
    expect(r.annotations?.['backup.dbaas.io/backup']).toBeNull()
    expect(r.attachments).toEqual([{ apiVersion: 'backup.dbaas.io/v1alpha1', kind: 'DatabaseBackup', metadata: { name: 'db-backup', namespace: 'legacy' }, spec: { engine: 'postgresql' } }])
  })
})
