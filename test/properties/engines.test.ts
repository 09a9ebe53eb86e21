/**
 * Properties across engines: every engine's children are its own (switching
 * engine never reuses another engine's children), a switch behind the
 * immutability rule keeps the old children, and every engine's output is
 * deterministic, idempotent and valid against the upstream schemas.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { allProviders, providerFor } from '../../providers/database-cluster/registry.js'
import { syncDatabaseCluster } from '../../providers/database-cluster/sync.js'
import type { Engine } from '../../api/database-cluster.js'
import { CTX, LATER, S3_CLASS, S3_SECRET, databaseCluster, simulator, syncRequest } from '../support/clusters.js'
import { clusterName } from '../support/arbitraries.js'
import { validateChild } from '../support/upstream-schemas.js'

const RELATED = [S3_CLASS, S3_SECRET]
const SHARED = new Set(['Secret', 'DatabaseBackup', 'PodMonitor'])

const specFor: Record<Engine, fc.Arbitrary<Record<string, unknown>>> = {
  postgresql: fc.record({ engine: fc.constant('postgresql'), clusterSize: fc.integer({ min: 1, max: 9 }), storage: fc.constantFrom('10Gi', '50Gi'), proxy: fc.record({ enabled: fc.boolean() }), backup: fc.constant({ storageClassName: 's3-default' }) }),
  mysql: fc.record({ engine: fc.constant('mysql'), clusterSize: fc.constantFrom(1, 3, 5), storage: fc.constantFrom('10Gi', '50Gi'), proxy: fc.record({ enabled: fc.boolean(), type: fc.constantFrom('haproxy', 'proxysql') }), backup: fc.constant({ storageClassName: 's3-default', schedules: [{ name: 'n', schedule: '0 2 * * *', retentionCopies: 3 }] }) }),
  mongodb: fc.record({ engine: fc.constant('mongodb'), clusterSize: fc.constantFrom(1, 3, 5, 7), storage: fc.constantFrom('10Gi', '50Gi'), proxy: fc.record({ enabled: fc.boolean(), type: fc.constant('mongos') }), backup: fc.constant({ storageClassName: 's3-default', schedules: [{ name: 'n', schedule: '0 2 * * *' }] }) }),
  kafka: fc.record({ engine: fc.constant('kafka'), clusterSize: fc.integer({ min: 1, max: 9 }), storage: fc.constantFrom('10Gi', '50Gi'), monitoring: fc.record({ enabled: fc.boolean() }) }),
}
const anySpec = fc.oneof(...Object.values(specFor))

function kindsOf(engine: Engine): Set<string> {
  return new Set((providerFor(engine)?.childTypes ?? []).map((t) => t.kind).filter((k) => !SHARED.has(k)))
}

describe('engine properties', () => {
  test.prop([clusterName, anySpec], { numRuns: 200 })('every child belongs to the engine asked for, validates, and is stable', (name, spec) => {
    const engine = spec.engine as Engine
    const res = syncDatabaseCluster(syncRequest(databaseCluster(name, spec), [], RELATED), CTX)
    expect(res.children.length).toBeGreaterThan(0)
    const mine = kindsOf(engine)
    for (const child of res.children) {
      expect(SHARED.has(child.kind) || mine.has(child.kind), `${engine} emitted ${child.kind}`).toBe(true)
      if (child.kind !== 'DatabaseBackup') expect(validateChild(child)).toEqual([])
    }
    expect(syncDatabaseCluster(syncRequest(databaseCluster(name, spec), [], RELATED), CTX)).toEqual(res)
  })

  test.prop([clusterName, anySpec], { numRuns: 100 })('idempotent through the Metacontroller model', (name, spec) => {
    const sim = simulator(databaseCluster(name, spec), RELATED)
    const first = sim.step()
    expect(sim.step().children).toEqual(first.children)
    expect(sim.deleted).toEqual([])
  })

  test.prop([clusterName, anySpec, anySpec], { numRuns: 100 })('switching engine behind the immutability rule keeps the old children and reuses none', (name, before, after) => {
    fc.pre(before.engine !== after.engine)
    const sim = simulator(databaseCluster(name, before), RELATED)
    const first = sim.step()
    sim.setSpec(after)
    const res = syncDatabaseCluster(sim.request(), LATER)
    expect(res.children.map((c) => `${c.kind}/${c.metadata.name}`).sort()).toEqual(first.children.map((c) => `${c.kind}/${c.metadata.name}`).sort())
    expect((res.status.conditions as { type: string; reason: string }[]).find((c) => c.type === 'Ready')?.reason).toBe('EngineChanged')
  })

  test.prop([fc.constantFrom(...allProviders().map((p) => p.engine))])('no two engines share an engine-specific kind', (engine) => {
    for (const other of allProviders().filter((p) => p.engine !== engine)) {
      for (const kind of kindsOf(engine)) expect(kindsOf(other.engine).has(kind), `${engine} and ${other.engine} both emit ${kind}`).toBe(false)
    }
  })
})
