/**
 * Properties of the DatabaseCluster hook over generated specs: determinism,
 * idempotence through a simulated Metacontroller, valid names and labels, and
 * no stateful child ever dropped by a spec change.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { syncDatabaseCluster } from '../../providers/database-cluster/sync.js'
import { isDnsLabel } from '../../providers/shared/names.js'
import { isLabelValue } from '../../providers/shared/labels.js'
import type { CompositeSyncResponse } from '../../providers/shared/kube.js'
import { CTX, LATER, S3_CLASS, S3_SECRET, databaseCluster, simulator, syncRequest } from '../support/clusters.js'
import { clusterName, postgresSpec } from '../support/arbitraries.js'

const RELATED = [S3_CLASS, S3_SECRET]

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

function keys(res: CompositeSyncResponse): string[] {
  return res.children.map((c) => `${c.kind}/${c.metadata.name}`).sort()
}

describe('DatabaseCluster sync properties (postgresql)', () => {
  test.prop([clusterName, postgresSpec], { numRuns: 300 })('deterministic, pure, and JSON-clean', (name, spec) => {
    const request = deepFreeze(syncRequest(databaseCluster(name, spec), [], RELATED))
    const a = syncDatabaseCluster(request, CTX)
    const b = syncDatabaseCluster(request, CTX)
    expect(b).toEqual(a)
    expect(JSON.parse(JSON.stringify(a))).toEqual(a)
    expect(a.children.length).toBeGreaterThan(0)
  })

  test.prop([clusterName, postgresSpec], { numRuns: 300 })('names are DNS labels within limits, unique per kind; labels valid; namespace kept', (name, spec) => {
    const res = syncDatabaseCluster(syncRequest(databaseCluster(name, spec), [], RELATED), CTX)
    expect(new Set(keys(res)).size).toBe(res.children.length)
    for (const child of res.children) {
      expect(isDnsLabel(child.metadata.name), child.metadata.name).toBe(true)
      expect(child.metadata.namespace).toBe('team-a')
      for (const [key, value] of Object.entries(child.metadata.labels ?? {})) expect(isLabelValue(value), `${key}=${value}`).toBe(true)
    }
  })

  test.prop([clusterName, postgresSpec], { numRuns: 200 })('idempotent: once applied, another sync asks for exactly the same children', (name, spec) => {
    const sim = simulator(databaseCluster(name, spec), RELATED)
    const first = sim.step()
    const second = sim.step()
    expect(second.children).toEqual(first.children)
    expect(sim.deleted).toEqual([])
  })

  test.prop([clusterName, postgresSpec, postgresSpec, fc.boolean()], { numRuns: 200 })(
    'a spec change never drops the engine cluster, valid or not',
    (name, before, after, breakIt) => {
      const sim = simulator(databaseCluster(name, before), RELATED, undefined, CTX)
      sim.step()
      sim.setSpec(breakIt ? { ...after, version: '1' } : after)
      const res = syncDatabaseCluster(sim.request(), LATER)
      expect(res.children.some((c) => c.kind === 'Cluster' && c.metadata.name === name)).toBe(true)
    },
  )

  test.prop([clusterName, postgresSpec], { numRuns: 200 })('status: one condition per type, observedGeneration = generation', (name, spec) => {
    const parent = databaseCluster(name, spec, { generation: 7 })
    const res = syncDatabaseCluster(syncRequest(parent, [], RELATED), CTX)
    const types = (res.status.conditions as { type: string; observedGeneration: number }[]).map((c) => c.type)
    expect(new Set(types).size).toBe(types.length)
    expect(res.status.observedGeneration).toBe(7)
  })

  test.prop([clusterName, postgresSpec], { numRuns: 150 })('changing one field changes only what it should: toggling the proxy only adds or removes pooler objects', (name, spec) => {
    const on = syncDatabaseCluster(syncRequest(databaseCluster(name, { ...spec, proxy: { enabled: true } }), [], RELATED), CTX)
    const off = syncDatabaseCluster(syncRequest(databaseCluster(name, { ...spec, proxy: { enabled: false } }), [], RELATED), CTX)
    const extra = keys(on).filter((k) => !keys(off).includes(k))
    expect(extra.every((k) => k.startsWith('Pooler/') || k.endsWith('-pooler'))).toBe(true)
    expect(keys(off).every((k) => keys(on).includes(k))).toBe(true)
  })
})
