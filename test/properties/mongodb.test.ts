/**
 * Properties of the DatabaseCluster hook for MongoDB over generated specs:
 * determinism, validity of every child (schemas, the operator CRDs' CEL
 * rules, the operator's own checks), valid names and labels, idempotence
 * through the Metacontroller model, the PerconaServerMongoDB never dropped
 * by a spec change, no other engine's children reused, and a restore that is
 * created at most once whatever happens to it.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { syncDatabaseCluster } from '../../providers/database-cluster/sync.js'
import type { KObject } from '../../providers/shared/kube.js'
import { isLabelValue } from '../../providers/shared/labels.js'
import { isDnsLabel } from '../../providers/shared/names.js'
import { CTX, LATER, databaseCluster, simulator, syncRequest } from '../support/clusters.js'
import { clusterName, dnsLabel } from '../support/arbitraries.js'
import { BACKUP, GCS_CLASS, GCS_SECRET, RELATED, backupObject, problemsOf, readyStatus } from '../providers/mongodb/fixtures.js'

const ALL_RELATED: KObject[] = [...RELATED, GCS_CLASS, GCS_SECRET]

const option = fc.constantFrom(
  { name: 'operationProfiling.mode', value: 'slowOp' },
  { name: 'operationProfiling.slowOpThresholdMs', value: '150' },
  { name: 'storage.wiredTiger.engineConfig.cacheSizeRatio', value: '0.4' },
  { name: 'setParameter.ttlMonitorEnabled', value: 'false' },
  { name: 'net.compression.compressors', value: 'zstd,snappy' },
)

const mongoSpec = fc.record(
  {
    engine: fc.constant('mongodb'),
    version: fc.constantFrom('8.0', '7.0', '6.0'),
    clusterSize: fc.constantFrom(1, 3, 5, 7),
    storage: fc.constantFrom('1Gi', '10Gi', '100Gi', '2Ti'),
    storageClass: fc.constantFrom('standard', 'fast-ssd'),
    resources: fc.record({ requests: fc.record({ cpu: fc.constantFrom('500m', '2'), memory: fc.constantFrom('1Gi', '8Gi') }) }),
    config: fc.uniqueArray(option, { selector: (o) => o.name, maxLength: 4 }),
    proxy: fc.record({ enabled: fc.boolean(), type: fc.constant('mongos'), replicas: fc.integer({ min: 1, max: 5 }) }),
    expose: fc.record({ type: fc.constantFrom('internal', 'external'), sourceRanges: fc.constant(['10.0.0.0/8']) }, { requiredKeys: ['type'] }),
    monitoring: fc.record({ enabled: fc.boolean(), pmm: fc.constant({ serverHost: 'pmm.monitoring.svc' }) }),
    scheduling: fc.record(
      { antiAffinity: fc.constantFrom('preferred', 'required', 'none'), topologyKey: fc.constantFrom('kubernetes.io/hostname', 'topology.kubernetes.io/zone'), nodeSelector: fc.dictionary(fc.constantFrom('zone', 'workload'), dnsLabel(8), { maxKeys: 2 }), affinity: fc.constant({ requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }] } }) },
      { requiredKeys: ['antiAffinity'] },
    ),
    backup: fc.record({
      storageClassName: fc.constantFrom('s3-default', 'gcs-eu'),
      pointInTimeRecovery: fc.boolean(),
      schedules: fc.uniqueArray(fc.record({ name: dnsLabel(12), schedule: fc.constantFrom('0 2 * * *', '*/30 * * * *'), enabled: fc.boolean(), retentionCopies: fc.integer({ min: 1, max: 30 }) }, { requiredKeys: ['name', 'schedule'] }), { selector: (s) => s.name, minLength: 1, maxLength: 3 }),
    }),
    stopped: fc.boolean(),
  },
  { requiredKeys: ['engine', 'clusterSize', 'storage'] },
)

const keys = (children: readonly KObject[]) => children.map((c) => `${c.kind}/${c.metadata.name}`).sort()
const operator = (c: KObject) => (c.kind === 'PerconaServerMongoDB' ? readyStatus(c.metadata.name) : c.kind === 'PerconaServerMongoDBRestore' ? { state: 'ready' } : undefined)

describe('DatabaseCluster sync properties (mongodb)', () => {
  test.prop([clusterName, mongoSpec], { numRuns: 200 })('deterministic, JSON-clean, and every child is one the API server and the operator accept', (name, spec) => {
    const request = syncRequest(databaseCluster(name, spec), [], ALL_RELATED)
    const before = JSON.stringify(request)
    const a = syncDatabaseCluster(request, CTX)
    expect(syncDatabaseCluster(request, CTX)).toEqual(a)
    expect(JSON.stringify(request)).toBe(before)
    expect(JSON.parse(JSON.stringify(a))).toEqual(a)
    expect((a.status.conditions as { type: string; status: string }[]).find((c) => c.type === 'SpecValid')?.status).toBe('True')
    expect(problemsOf(a.children)).toEqual([])
  })

  test.prop([clusterName, mongoSpec], { numRuns: 200 })('names are DNS labels, unique per kind; labels valid and naming the engine; namespace kept', (name, spec) => {
    const res = syncDatabaseCluster(syncRequest(databaseCluster(name, spec), [], ALL_RELATED), CTX)
    expect(new Set(keys(res.children)).size).toBe(res.children.length)
    for (const child of res.children) {
      expect(isDnsLabel(child.metadata.name), child.metadata.name).toBe(true)
      expect(child.metadata.namespace).toBe('team-a')
      expect(child.metadata.labels?.['dbaas.io/engine']).toBe('mongodb')
      for (const [key, value] of Object.entries(child.metadata.labels ?? {})) expect(isLabelValue(value), `${key}=${value}`).toBe(true)
    }
  })

  test.prop([clusterName, mongoSpec], { numRuns: 100 })('idempotent through the Metacontroller model, with the operator reporting ready', (name, spec) => {
    const sim = simulator(databaseCluster(name, spec), ALL_RELATED, operator)
    sim.step()
    const settled = sim.step()
    expect(sim.step().children).toEqual(settled.children)
    expect(sim.step().status).toEqual(settled.status)
    expect(sim.deleted).toEqual([])
  })

  test.prop([clusterName, mongoSpec, mongoSpec], { numRuns: 100 })('a spec change, valid or not, never drops the PerconaServerMongoDB', (name, before, after) => {
    const sim = simulator(databaseCluster(name, before), ALL_RELATED, operator)
    sim.step()
    sim.setSpec(after)
    const res = syncDatabaseCluster(sim.request(), LATER)
    expect(res.children.filter((c) => c.kind === 'PerconaServerMongoDB').map((c) => c.metadata.name)).toEqual([name])
    sim.step()
    expect(sim.deleted.filter((c) => c.kind === 'PerconaServerMongoDB')).toEqual([])
  })

  test.prop([clusterName, mongoSpec], { numRuns: 50 })('switching to mongodb behind the immutability rule reuses none of the other engine\'s children', (name, spec) => {
    const sim = simulator(databaseCluster(name, { engine: 'postgresql', clusterSize: 3, storage: '10Gi', backup: { storageClassName: 's3-default' } }), ALL_RELATED)
    const first = sim.step()
    sim.setSpec(spec)
    const res = syncDatabaseCluster(sim.request(), LATER)
    expect(keys(res.children)).toEqual(keys(first.children))
    expect(res.children.some((c) => c.apiVersion.startsWith('psmdb.percona.com'))).toBe(false)
  })
})

describe('the restore of a data source is created at most once', () => {
  const source = databaseCluster('src', { engine: 'mongodb', clusterSize: 3, storage: '10Gi', backup: BACKUP })
  const related = [...RELATED, source, backupObject('cron-src-1', 'src', 'ready', '2026-01-02T02:00:00Z'), backupObject('cron-src-2', 'src', 'ready', '2026-01-03T02:00:00Z')]
  const event = fc.constantFrom('sync', 'sync', 'delete-restore', 'restore-fails', 'new-backup')

  test.prop([fc.array(event, { minLength: 3, maxLength: 12 })], { numRuns: 150 })('once observed, whatever deletes it, fails it, or adds backups in between', (events) => {
    let restoreState = 'running'
    const statusOf = (c: KObject) => (c.kind === 'PerconaServerMongoDB' ? readyStatus(c.metadata.name) : c.kind === 'PerconaServerMongoDBRestore' ? { state: restoreState } : undefined)
    const extra: KObject[] = []
    const sim = simulator(databaseCluster('copy', { engine: 'mongodb', clusterSize: 3, storage: '10Gi', dataSource: { clusterName: 'src' } }), related, statusOf)
    let created = 0
    let applied = false
    let observed = false
    for (const e of ['sync', ...events]) {
      // The guarantee starts when a hook call has seen the Restore (or its record in status).
      if (e === 'delete-restore' && observed) sim.children = sim.children.filter((c) => c.kind !== 'PerconaServerMongoDBRestore')
      if (e === 'restore-fails') restoreState = 'error'
      if (e === 'new-backup') extra.push(backupObject(`cron-src-${3 + extra.length}`, 'src', 'ready', `2026-01-0${4 + (extra.length % 5)}T02:00:00Z`))
      // New backups appear among the related objects the next sync sees.
      ;(sim as unknown as { options: { related: KObject[] } }).options.related = [...related, ...extra]
      const had = sim.children.some((c) => c.kind === 'PerconaServerMongoDBRestore')
      observed = observed || had
      const res = sim.step()
      if (!had && res.children.some((c) => c.kind === 'PerconaServerMongoDBRestore')) created++
      const nowApplied = (res.status.dataSource as { applied?: boolean } | undefined)?.applied === true
      expect(applied && !nowApplied, 'status.dataSource.applied went back to false').toBe(false)
      applied = applied || nowApplied
    }
    expect(created).toBe(1)
    expect(sim.deleted.filter((c) => c.kind === 'PerconaServerMongoDB')).toEqual([])
  })
})
