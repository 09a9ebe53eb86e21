/**
 * Properties of the MySQL provider over generated specs: deterministic and
 * JSON-clean, names and labels valid (the PerconaXtraDBCluster within the
 * operator's 22 characters), every child valid against the upstream schemas
 * and the operator's own checks, idempotent through the Metacontroller model,
 * the PerconaXtraDBCluster never dropped by a spec change, no other engine's
 * children reused across an engine switch, and a restore created at most once
 * whatever happens around it.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { syncDatabaseCluster } from '../../providers/database-cluster/sync.js'
import type { CompositeSyncResponse, KObject } from '../../providers/shared/kube.js'
import { isLabelValue } from '../../providers/shared/labels.js'
import { isDnsLabel } from '../../providers/shared/names.js'
import { CTX, LATER, S3_CLASS, S3_SECRET, databaseCluster, simulator, syncRequest } from '../support/clusters.js'
import { clusterName, dnsLabel } from '../support/arbitraries.js'
import { validateChild } from '../support/upstream-schemas.js'
import { healthy, pxcBackup, pxcProblems } from '../providers/mysql/fixtures.js'

const RELATED = [S3_CLASS, S3_SECRET]
const MYSQL_KINDS = new Set(['PerconaXtraDBCluster', 'PerconaXtraDBClusterRestore', 'Secret'])

const param = fc.record({ name: fc.constantFrom('max_connections', 'innodb_buffer_pool_size', 'wsrep_provider_options', 'long_query_time', 'innodb-log-file-size'), value: fc.constantFrom('500', '1G', '"gcache.size=1G"', '0.5', 'ON') })
const proxy = fc.record({ enabled: fc.boolean(), type: fc.constantFrom('haproxy', 'proxysql'), replicas: fc.integer({ min: 1, max: 5 }) }, { requiredKeys: ['enabled'] })
const schedule = fc.record({ name: dnsLabel(12), schedule: fc.constantFrom('0 2 * * *', '*/30 * * * *', '15 3 1 * *'), enabled: fc.boolean(), retentionCopies: fc.integer({ min: 1, max: 30 }) }, { requiredKeys: ['name', 'schedule'] })

export const mysqlSpec = fc
  .record(
    {
      engine: fc.constant('mysql'),
      version: fc.constantFrom('8.4', '8.0'),
      clusterSize: fc.constantFrom(1, 3, 5),
      storage: fc.constantFrom('1Gi', '20Gi', '500Gi'),
      storageClass: fc.constantFrom('standard', 'fast-ssd'),
      resources: fc.record({ requests: fc.record({ cpu: fc.constantFrom('500m', '2'), memory: fc.constantFrom('1Gi', '8Gi') }) }),
      config: fc.uniqueArray(param, { selector: (p) => p.name, maxLength: 4 }),
      proxy,
      monitoring: fc.record({ enabled: fc.boolean(), pmm: fc.constant({ serverHost: 'pmm.monitoring.svc' }) }),
      scheduling: fc.record({ antiAffinity: fc.constantFrom('preferred', 'required', 'none'), topologyKey: fc.constantFrom('kubernetes.io/hostname', 'topology.kubernetes.io/zone', 'rack'), nodeSelector: fc.dictionary(fc.constantFrom('zone', 'workload'), dnsLabel(8), { maxKeys: 2 }) }),
      backup: fc.record({ storageClassName: fc.constant('s3-default'), pointInTimeRecovery: fc.boolean(), schedules: fc.uniqueArray(schedule, { selector: (s) => s.name, minLength: 1, maxLength: 3 }) }),
      stopped: fc.boolean(),
    },
    { requiredKeys: ['engine', 'clusterSize', 'storage'] },
  )
  .chain((spec) => fc.constantFrom<'internal' | 'external'>('internal', spec.proxy?.enabled === true ? 'external' : 'internal').map((type) => ({ ...spec, expose: { type } })))

const otherSpec = fc.oneof(
  fc.record({ engine: fc.constant('postgresql'), clusterSize: fc.integer({ min: 1, max: 9 }), storage: fc.constant('10Gi'), proxy: fc.record({ enabled: fc.boolean() }) }),
  fc.record({ engine: fc.constant('mongodb'), clusterSize: fc.constantFrom(1, 3, 5), storage: fc.constant('10Gi') }),
  fc.record({ engine: fc.constant('kafka'), clusterSize: fc.integer({ min: 1, max: 9 }), storage: fc.constant('10Gi') }),
)

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

const keys = (res: CompositeSyncResponse) => res.children.map((c) => `${c.kind}/${c.metadata.name}`).sort()
const run = (name: string, spec: Record<string, unknown>) => syncDatabaseCluster(syncRequest(databaseCluster(name, spec), [], RELATED), CTX)

describe('MySQL sync properties', () => {
  test.prop([clusterName, mysqlSpec], { numRuns: 200 })('deterministic, pure, JSON-clean, and accepted', (name, spec) => {
    const request = deepFreeze(syncRequest(databaseCluster(name, spec), [], RELATED))
    const a = syncDatabaseCluster(request, CTX)
    expect(syncDatabaseCluster(request, CTX)).toEqual(a)
    expect(JSON.parse(JSON.stringify(a))).toEqual(a)
    expect((a.status.conditions as { type: string; status: string }[]).find((c) => c.type === 'SpecValid')?.status).toBe('True')
  })

  test.prop([clusterName, mysqlSpec], { numRuns: 200 })('every child valid upstream and for the operator; names and labels valid; namespace kept', (name, spec) => {
    const res = run(name, spec)
    expect(new Set(keys(res)).size).toBe(res.children.length)
    expect(pxcProblems(res.children)).toEqual([])
    for (const child of res.children) {
      expect(MYSQL_KINDS.has(child.kind), child.kind).toBe(true)
      expect(validateChild(child)).toEqual([])
      expect(isDnsLabel(child.metadata.name), child.metadata.name).toBe(true)
      expect(child.metadata.namespace).toBe('team-a')
      expect(child.metadata.labels?.['dbaas.io/engine']).toBe('mysql')
      for (const [key, value] of Object.entries(child.metadata.labels ?? {})) expect(isLabelValue(value), `${key}=${value}`).toBe(true)
    }
  })

  test.prop([clusterName, mysqlSpec], { numRuns: 100 })('idempotent: once applied and reported ready, another sync asks for exactly the same children', (name, spec) => {
    const sim = simulator(databaseCluster(name, spec), RELATED, healthy)
    const first = sim.step()
    expect(sim.step().children).toEqual(first.children)
    expect(sim.step().children).toEqual(first.children)
    expect(sim.deleted).toEqual([])
  })

  test.prop([clusterName, mysqlSpec, mysqlSpec, fc.boolean()], { numRuns: 150 })('a spec change never drops the PerconaXtraDBCluster, valid or not', (name, before, after, breakIt) => {
    const sim = simulator(databaseCluster(name, before), RELATED, healthy)
    const first = sim.step()
    const pxc = first.children.find((c) => c.kind === 'PerconaXtraDBCluster')!
    sim.setSpec(breakIt ? { ...after, version: '9.9' } : after)
    const res = syncDatabaseCluster(sim.request(), LATER)
    expect(res.children.some((c) => c.kind === 'PerconaXtraDBCluster' && c.metadata.name === pxc.metadata.name)).toBe(true)
  })

  test.prop([clusterName, mysqlSpec, otherSpec, fc.boolean()], { numRuns: 100 })('switching engine either way keeps the old children and reuses none of them', (name, mine, other, fromMysql) => {
    const [before, after] = fromMysql ? [mine, other] : [other, mine]
    const sim = simulator(databaseCluster(name, before), RELATED)
    const first = sim.step()
    sim.setSpec(after)
    const res = syncDatabaseCluster(sim.request(), LATER)
    expect(keys(res)).toEqual(keys(first))
    if (!fromMysql) expect(res.children.some((c) => c.kind.startsWith('PerconaXtraDB'))).toBe(false)
    expect((res.status.conditions as { type: string; reason: string }[]).find((c) => c.type === 'Ready')?.reason).toBe('EngineChanged')
  })
})

type Event = 'sync' | 'restoreDeleted' | 'dropDataSource' | 'restoreDataSource' | 'restoreFinished'

describe('MySQL restore: at most once', () => {
  const backup = pxcBackup('shop-nightly-1', 'orders', 'Succeeded', '2026-01-01T02:10:00Z')
  const events = fc.array(fc.constantFrom<Event>('sync', 'sync', 'restoreDeleted', 'dropDataSource', 'restoreDataSource', 'restoreFinished'), { minLength: 1, maxLength: 12 })

  test.prop([events], { numRuns: 300 })('whatever happens to the Restore and the data source, it is created once at most, and only after the cluster was ready', (script) => {
    const plain = { engine: 'mysql', clusterSize: 3, storage: '10Gi' }
    const spec = { ...plain, dataSource: { backupName: 'shop-nightly-1' } }
    let finished = false
    const statusOf = (c: KObject) => (c.kind === 'PerconaXtraDBClusterRestore' ? { state: finished ? 'Succeeded' : 'Restoring' } : healthy(c))
    const sim = simulator(databaseCluster('shop', spec), [...RELATED, backup], statusOf)
    let created = 0
    const step = () => {
      const hadCluster = sim.children.some((c) => c.kind === 'PerconaXtraDBCluster')
      const had = sim.children.some((c) => c.kind === 'PerconaXtraDBClusterRestore')
      sim.step()
      const has = sim.children.some((c) => c.kind === 'PerconaXtraDBClusterRestore')
      if (has && !had) {
        created++
        expect(hadCluster).toBe(true)
      }
    }
    step()
    for (const event of script) {
      if (event === 'restoreDeleted') sim.children = sim.children.filter((c) => c.kind !== 'PerconaXtraDBClusterRestore')
      if (event === 'dropDataSource') sim.setSpec(plain)
      if (event === 'restoreDataSource') sim.setSpec(spec)
      if (event === 'restoreFinished') finished = true
      step()
    }
    expect(created).toBeLessThanOrEqual(1)
    // The first step creates the cluster and the second (it is ready) the Restore, unless the script took the data source away first.
    if (script[0] === 'sync' || script[0] === 'restoreFinished' || script[0] === 'restoreDeleted') expect(created).toBe(1)
  })
})
