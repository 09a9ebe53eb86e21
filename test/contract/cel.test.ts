/**
 * The CRDs' CEL rules, evaluated offline (api/cel.ts) against valid and
 * invalid objects, on create and on update, with the API server's semantics
 * for transition rules and ratcheting. Every rule of every CRD must be seen
 * failing at least once, so none can be dead.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { evaluateCrdRules } from '../../api/cel.js'
import { openApiSchema } from '../../api/crd.js'
import { ALL_CRDS } from '../../api/crds.js'
import { parserFor } from '../../api/validate.js'

type Obj = Record<string, unknown>
const crd = (kind: string) => ALL_CRDS.find((c) => c.kind === kind)!
const failedRules = new Set<string>()

function withDefaults(kind: string, spec: Obj): Obj {
  const parsed = parserFor<Obj>(crd(kind).spec)(spec)
  if (!parsed.ok) throw new Error(`test input is not schema-valid: ${parsed.errors.join('; ')}`)
  return parsed.value
}

/** The messages of the rules an object fails (create without `oldSpec`, update with it); defaults applied first, as the API server does. */
function check(kind: string, spec: Obj, oldSpec?: Obj, name = 'demo'): string[] {
  const schema = openApiSchema(crd(kind))
  const object = { apiVersion: 'dbaas.io/v1alpha1', kind, metadata: { name, namespace: 'db' }, spec: withDefaults(kind, spec) }
  const old = oldSpec === undefined ? undefined : { ...object, spec: withDefaults(kind, oldSpec) }
  const failures = evaluateCrdRules(schema, object, old)
  for (const f of failures) failedRules.add(`${kind}: ${f.rule}`)
  return failures.map((f) => f.message)
}

const SEED = { engine: 'postgresql', clusterSize: 3, storage: '10Gi', config: [{ name: 'max_connections', value: '200' }] }
const S3 = { storageClassName: 's3' }

describe('DatabaseCluster CEL rules', () => {
  it('the seed example is valid as written, on create and as an unchanged update', () => {
    expect(check('DatabaseCluster', SEED)).toEqual([])
    expect(check('DatabaseCluster', SEED, SEED)).toEqual([])
  })

  it.each<[string, Obj, string]>([
    ['kafka with backups', { ...SEED, engine: 'kafka', backup: S3 }, 'kafka: has no backups in Strimzi 1.2 (KRaft)'],
    ['kafka stopped', { ...SEED, engine: 'kafka', stopped: true }, 'kafka: cannot be stopped: Strimzi 1.2 (KRaft) has no way to pause it'],
    ['kafka with a proxy', { ...SEED, engine: 'kafka', proxy: { enabled: true } }, 'kafka: has no proxy; clients connect to the kafka endpoints directly'],
    ['kafka restored', { ...SEED, engine: 'kafka', dataSource: { clusterName: 'x' } }, 'kafka: cannot be created from a backup or a clone in Strimzi 1.2 (KRaft)'],
    ['haproxy on postgresql', { ...SEED, proxy: { enabled: true, type: 'haproxy' } }, 'postgresql: proxy.type must be pgbouncer'],
    ['pgbouncer on mysql', { ...SEED, engine: 'mysql', proxy: { enabled: true, type: 'pgbouncer' } }, 'mysql: proxy.type must be haproxy or proxysql'],
    ['pgbouncer on mongodb', { ...SEED, engine: 'mongodb', proxy: { enabled: true, type: 'pgbouncer' } }, 'mongodb: proxy.type must be mongos'],
    ['an even replica set', { ...SEED, engine: 'mongodb', clusterSize: 4 }, 'mongodb: clusterSize must be one of 1, 3, 5, 7 (a replica set needs an odd number of members (1 for development only))'],
    ['a 7-node Galera cluster', { ...SEED, engine: 'mysql', clusterSize: 7 }, 'mysql: clusterSize must be one of 1, 3, 5 (Galera needs 3 or 5 nodes for quorum (1 for development only))'],
    ['count retention on postgresql', { ...SEED, backup: { ...S3, schedules: [{ name: 'd', schedule: '0 0 * * *', retentionCopies: 3 }] } }, 'postgresql: retention is time-based: use backup.retentionDays, not schedules[].retentionCopies'],
    ['time retention on mysql', { ...SEED, engine: 'mysql', backup: { ...S3, retentionDays: 7 } }, 'mysql: retention counts backups: use backup.schedules[].retentionCopies, not retentionDays'],
    ['time retention on mongodb', { ...SEED, engine: 'mongodb', backup: { ...S3, retentionDays: 7 } }, 'mongodb: retention counts backups: use backup.schedules[].retentionCopies, not retentionDays'],
    ['dedicated controllers on postgresql', { ...SEED, dedicatedControllers: true }, 'dedicatedControllers applies to kafka only: the other engines have no separate metadata quorum'],
    ['a data source with two sources', { ...SEED, dataSource: { clusterName: 'a', backupName: 'b' } }, 'set exactly one of clusterName, backupName, backupSource and volume'],
    ['a data source with none', { ...SEED, dataSource: {} }, 'set exactly one of clusterName, backupName, backupSource and volume'],
    ['a volume and a backup', { ...SEED, dataSource: { backupName: 'b', volume: { name: 'orders-1' } } }, 'set exactly one of clusterName, backupName, backupSource and volume'],
    ['a volume with a point in time', { ...SEED, dataSource: { volume: { name: 'orders-1' }, pointInTime: '2026-01-01T00:00:00Z' } }, 'pointInTime needs backups: a volume holds one moment only'],
    ['a mysql cluster from a volume', { ...SEED, engine: 'mysql', dataSource: { volume: { name: 'datadir-orders-pxc-0' } } }, 'dataSource.volume: only postgresql clusters start from a volume (CloudNativePG volume recovery); other engines restore from backups'],
  ])('rejects %s', (_name, spec, message) => {
    expect(check('DatabaseCluster', spec)).toContain(message)
  })

  it.each<[string, Obj]>([
    ['kafka, 9 brokers, controllers shared with brokers', { ...SEED, engine: 'kafka', clusterSize: 9, dedicatedControllers: false }],
    ['mysql behind proxysql with copy retention', { ...SEED, engine: 'mysql', proxy: { enabled: true, type: 'proxysql' }, backup: { ...S3, schedules: [{ name: 'd', schedule: '0 0 * * *', retentionCopies: 7 }] } }],
    ['mongodb restored from a backup', { ...SEED, engine: 'mongodb', clusterSize: 5, dataSource: { backupName: 'b1' } }],
    ['postgresql with pgbouncer, day retention, stopped', { ...SEED, proxy: { enabled: true, type: 'pgbouncer' }, backup: { ...S3, retentionDays: 30 }, stopped: true }],
  ])('accepts %s', (_name, spec) => {
    expect(check('DatabaseCluster', spec)).toEqual([])
  })

  const WIPE_OWN = 'deletionPolicy WipeOut would delete the backups this cluster was restored from (dataSource.backupSource is its own backup folder): set backup.serverName to a new folder, or use deletionPolicy Delete'
  const own = (serverName: string, extra: Obj = {}) => ({ storageClassName: 's3', serverName, ...extra })
  it.each<[string, Obj, string | undefined]>([
    ['restored from its own default folder', { ...SEED, deletionPolicy: 'WipeOut', backup: S3, dataSource: { backupSource: own('demo') } }, WIPE_OWN],
    ['restored from its own named folder', { ...SEED, deletionPolicy: 'WipeOut', backup: { ...S3, serverName: 'demo-v1' }, dataSource: { backupSource: own('demo-v1') } }, WIPE_OWN],
    ['writing to a new folder', { ...SEED, deletionPolicy: 'WipeOut', backup: { ...S3, serverName: 'demo-v2' }, dataSource: { backupSource: own('demo') } }, undefined],
    ['restored from another storage class', { ...SEED, deletionPolicy: 'WipeOut', backup: S3, dataSource: { backupSource: { storageClassName: 'gcs', serverName: 'demo' } } }, undefined],
    ['restored from another namespace', { ...SEED, deletionPolicy: 'WipeOut', backup: S3, dataSource: { backupSource: own('demo', { namespace: 'old' }) } }, undefined],
    ['Delete with its own folder as the source', { ...SEED, deletionPolicy: 'Delete', backup: S3, dataSource: { backupSource: own('demo') } }, undefined],
    ['WipeOut without backups', { ...SEED, deletionPolicy: 'WipeOut' }, undefined],
  ])('WipeOut when %s', (_name, spec, message) => {
    const problems = check('DatabaseCluster', spec)
    if (message === undefined) expect(problems).toEqual([])
    else expect(problems).toContain(message)
  })

  it('rejects names the engine operators cannot derive objects from', () => {
    expect(check('DatabaseCluster', SEED, undefined, 'x'.repeat(46))).toContain('name must be at most 45 characters: the engine operators derive longer names (pods, services, volumes) from it')
    expect(check('DatabaseCluster', SEED, undefined, 'x'.repeat(45))).toEqual([])
  })

  it.each<[string, Obj, string]>([
    ['an engine change', { ...SEED, engine: 'mysql' }, 'engine is immutable: create a new DatabaseCluster (with dataSource) instead'],
    ['storage 10Gi → 5Gi', { ...SEED, storage: '5Gi' }, 'storage cannot shrink: volumes can only grow'],
    ['storage 10Gi → 10G (10^10 < 10·2^30)', { ...SEED, storage: '10G' }, 'storage cannot shrink: volumes can only grow'],
    ['storage 10Gi → 10737418239 (one byte less)', { ...SEED, storage: '10737418239' }, 'storage cannot shrink: volumes can only grow'],
  ])('rejects an update with %s', (_name, spec, message) => {
    expect(check('DatabaseCluster', spec, SEED)).toContain(message)
  })

  const DOWN = 'version cannot go down: restore a backup into a new DatabaseCluster with the older version instead'
  const MONGO_JUMP = 'mongodb: upgrade one major version at a time (6 → 7 → 8), each rolled out before the next'
  const MYSQL_SERIES = 'mysql: Percona XtraDB Cluster has no in-place upgrade between series (8.0 → 8.4): clone into a new DatabaseCluster with dataSource.clusterName'
  const mongo = { ...SEED, engine: 'mongodb' }
  const mysql = { ...SEED, engine: 'mysql' }
  it.each<[string, Obj, Obj, string | undefined]>([
    ['postgresql 17 → 16', { ...SEED, version: '16' }, { ...SEED, version: '17' }, DOWN],
    ['postgresql 16 → 17', { ...SEED, version: '17' }, { ...SEED, version: '16' }, undefined],
    ['postgresql 15 → 17 (pg_upgrade takes any jump)', { ...SEED, version: '17' }, { ...SEED, version: '15' }, undefined],
    ['kafka 4.3 → 4.2', { ...SEED, engine: 'kafka', version: '4.2' }, { ...SEED, engine: 'kafka', version: '4.3' }, DOWN],
    ['kafka 4.2.0 → 4.3.1', { ...SEED, engine: 'kafka', version: '4.3.1' }, { ...SEED, engine: 'kafka', version: '4.2.0' }, undefined],
    ['mongodb 8.0 → 7.0', { ...mongo, version: '7.0' }, { ...mongo, version: '8.0' }, DOWN],
    ['mongodb 6.0 → 8.0', { ...mongo, version: '8.0' }, { ...mongo, version: '6.0' }, MONGO_JUMP],
    ['mongodb 7.0 → 8.0', { ...mongo, version: '8.0' }, { ...mongo, version: '7.0' }, undefined],
    ['mysql 8.0 → 8.4', { ...mysql, version: '8.4' }, { ...mysql, version: '8.0' }, MYSQL_SERIES],
    ['mysql 8.4 → 8.0', { ...mysql, version: '8.0' }, { ...mysql, version: '8.4' }, DOWN],
    ['mysql 8.0.42 → 8.0.43', { ...mysql, version: '8.0.43' }, { ...mysql, version: '8.0.42' }, undefined],
    ['a version set for the first time', { ...SEED, version: '16' }, SEED, undefined],
    ['a version removed (follow the catalog)', SEED, { ...SEED, version: '16' }, undefined],
  ])('version change %s', (_name, spec, old, message) => {
    const problems = check('DatabaseCluster', spec, old)
    if (message === undefined) expect(problems).toEqual([])
    else expect(problems).toContain(message)
  })

  it.each([
    ['10Gi → 20Gi', '20Gi'],
    ['10Gi → 10240Mi (the same size)', '10240Mi'],
    ['10Gi → 10737418240 (the same size in bytes)', '10737418240'],
    ['10Gi → 11G (larger in decimal)', '11G'],
    ['10Gi → 0.01Ti (larger)', '0.01Ti'],
  ])('accepts storage growth %s', (_name, storage) => {
    expect(check('DatabaseCluster', { ...SEED, storage }, SEED)).toEqual([])
  })

  it('runs transition rules on update only: a new cluster may have any engine and size', () => {
    expect(check('DatabaseCluster', { ...SEED, engine: 'mysql', storage: '1Gi' })).toEqual([])
  })

  it('ratchets: an existing spec that breaks a rule may stay as it is, but not be changed without fixing it', () => {
    const broken = { ...SEED, engine: 'kafka', stopped: true }
    expect(check('DatabaseCluster', broken, broken)).toEqual([])
    expect(check('DatabaseCluster', { ...broken, clusterSize: 5 }, broken)).toContain('kafka: cannot be stopped: Strimzi 1.2 (KRaft) has no way to pause it')
  })
})

describe('OpsRequest CEL rules', () => {
  const ops = { clusterRef: 'postgresql-demo', type: 'HorizontalScaling', horizontalScaling: { replicas: 5 } }

  it('the seed example is valid as written', () => {
    expect(check('OpsRequest', ops)).toEqual([])
  })

  it.each([
    ['HorizontalScaling', 'horizontalScaling'],
    ['VerticalScaling', 'verticalScaling'],
    ['VolumeExpansion', 'volumeExpansion'],
    ['Reconfiguring', 'reconfiguring'],
    ['Upgrade', 'upgrade'],
    ['Restore', 'restore'],
    ['RebuildInstance', 'rebuildInstance'],
    ['Custom', 'custom'],
  ])('%s needs its parameters', (type, field) => {
    expect(check('OpsRequest', { clusterRef: 'x', type })).toContain(`type ${type} needs spec.${field}`)
  })

  it.each<[string, Obj, string, Obj]>([
    ['a new target', { ...ops, clusterRef: 'other' }, 'clusterRef is immutable', ops],
    ['a new type', { ...ops, type: 'Restart' }, 'type is immutable', ops],
    ['taking back a cancel', ops, 'a cancel cannot be taken back', { ...ops, cancel: true }],
  ])('rejects an update with %s', (_name, spec, message, old) => {
    expect(check('OpsRequest', spec, old)).toContain(message)
  })

  it('accepts a cancel, and keeping it', () => {
    expect(check('OpsRequest', { ...ops, cancel: true }, ops)).toEqual([])
    expect(check('OpsRequest', { ...ops, cancel: true }, { ...ops, cancel: true })).toEqual([])
  })
})

describe('backup CEL rules', () => {
  it('a storage location has exactly one type', () => {
    expect(check('DatabaseBackupStorageClass', { locations: [{ name: 'a', s3: { bucket: 'bkt' }, gcs: { bucket: 'bkt' } }] })).toContain('set exactly one of s3, gcs and filesystem')
    expect(check('DatabaseBackupStorageClass', { locations: [{ name: 'a' }] })).toContain('set exactly one of s3, gcs and filesystem')
    expect(check('DatabaseBackupStorageClass', { locations: [{ name: 'a', s3: { bucket: 'bkt' } }, { name: 'b', filesystem: { claimName: 'pvc' } }] })).toEqual([])
  })

  it('a DatabaseBackup targets exactly one database', () => {
    const base = { engine: 'postgresql', storageClassName: 's', schedule: '6h' }
    expect(check('DatabaseBackup', { ...base, target: {} })).toContain('set exactly one of clusterName and connection')
    expect(check('DatabaseBackup', { ...base, target: { clusterName: 'pg', connection: { host: 'db', port: 5432, credentialsSecretRef: { name: 's' } } } })).toContain('set exactly one of clusterName and connection')
    expect(check('DatabaseBackup', { ...base, target: { clusterName: 'pg' } })).toEqual([])
  })
})

afterAll(() => {
  const all = ALL_CRDS.flatMap((c) => collect(openApiSchema(c)).map((r) => `${c.kind}: ${r}`))
  expect(all.length).toBeGreaterThan(20)
  const dead = all.filter((r) => !failedRules.has(r))
  expect(dead, 'every CEL rule has a test that makes it fail').toEqual([])
})

function collect(node: unknown): string[] {
  if (typeof node !== 'object' || node === null) return []
  const own = ((node as Obj)['x-kubernetes-validations'] as { rule: string }[] | undefined)?.map((r) => r.rule) ?? []
  return [...own, ...Object.values(node as Obj).flatMap(collect)]
}
