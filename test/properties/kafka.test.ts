/**
 * Properties of the Kafka provider over generated specs: deterministic and
 * valid output, idempotence through the Metacontroller model with a healthy
 * Strimzi, names that fit, no Kafka or node pool ever dropped by a spec
 * change (valid or not), a controller quorum that never changes size, and no
 * child shared with another engine when the engine is switched.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { syncDatabaseCluster } from '../../providers/database-cluster/sync.js'
import { kafkaNames } from '../../providers/kafka/names.js'
import type { CompositeSyncResponse, KObject } from '../../providers/shared/kube.js'
import { isLabelValue } from '../../providers/shared/labels.js'
import { isDnsLabel } from '../../providers/shared/names.js'
import { CTX, LATER, databaseCluster, simulator, syncRequest } from '../support/clusters.js'
import { clusterName, dnsLabel } from '../support/arbitraries.js'
import { validateChild } from '../support/upstream-schemas.js'
import { healthy, strimziProblems } from '../providers/kafka/fixtures.js'

const config = fc.uniqueArray(
  fc.record({ name: fc.constantFrom('log.retention.hours', 'num.partitions', 'compression.type', 'message.max.bytes', 'auto.create.topics.enable'), value: fc.constantFrom('1', '168', 'lz4', 'false') }),
  { selector: (p) => p.name, maxLength: 3 },
)

const kafkaSpec = fc.record(
  {
    engine: fc.constant('kafka'),
    version: fc.constantFrom('4.3.1', '4.2.1', '4.3', '4.2'),
    clusterSize: fc.integer({ min: 1, max: 9 }),
    dedicatedControllers: fc.boolean(),
    storage: fc.constantFrom('5Gi', '50Gi', '2Ti'),
    storageClass: fc.constantFrom('standard', 'fast-ssd'),
    resources: fc.record({ requests: fc.record({ cpu: fc.constantFrom('500m', '2'), memory: fc.constantFrom('2Gi', '8Gi') }) }),
    config,
    expose: fc.record({ type: fc.constantFrom('internal', 'external'), sourceRanges: fc.constant(['10.0.0.0/8']) }, { requiredKeys: ['type'] }),
    monitoring: fc.record({ enabled: fc.boolean() }),
    scheduling: fc.record(
      {
        antiAffinity: fc.constantFrom('preferred', 'required', 'none'),
        topologyKey: fc.constantFrom('kubernetes.io/hostname', 'topology.kubernetes.io/zone'),
        nodeSelector: fc.dictionary(fc.constantFrom('zone', 'workload'), dnsLabel(8), { maxKeys: 2 }),
        priorityClassName: fc.constant('db-high'),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['engine', 'clusterSize', 'storage'] },
)

const other = fc.constantFrom<Record<string, unknown>>(
  { engine: 'postgresql', clusterSize: 3, storage: '10Gi', monitoring: { enabled: true } },
  { engine: 'mysql', clusterSize: 3, storage: '10Gi' },
  { engine: 'mongodb', clusterSize: 3, storage: '10Gi' },
)

const keyOf = (c: KObject) => `${c.kind}/${c.metadata.name}`
const stateful = (res: { children: KObject[] }) => res.children.filter((c) => c.kind === 'Kafka' || c.kind === 'KafkaNodePool').map(keyOf).sort()
const controllers = (res: CompositeSyncResponse) =>
  res.children.filter((c) => c.kind === 'KafkaNodePool' && (c.spec as { roles: string[] }).roles.includes('controller')).reduce((n, c) => n + (c.spec as { replicas: number }).replicas, 0)

describe('Kafka sync properties', () => {
  test.prop([clusterName, kafkaSpec], { numRuns: 150 })('deterministic, JSON-clean, valid against the Strimzi schemas and rules', (name, spec) => {
    const request = syncRequest(databaseCluster(name, spec))
    const res = syncDatabaseCluster(request, CTX)
    expect(syncDatabaseCluster(request, CTX)).toEqual(res)
    expect(JSON.parse(JSON.stringify(res))).toEqual(res)
    expect(res.children.map((c) => c.kind)).toContain('Kafka')
    for (const c of res.children) expect(validateChild(c), keyOf(c)).toEqual([])
    expect(strimziProblems(res.children)).toEqual([])
  })

  test.prop([clusterName, kafkaSpec], { numRuns: 200 })('names are DNS labels, unique per kind; pod names fit 63 characters; labels valid', (name, spec) => {
    const res = syncDatabaseCluster(syncRequest(databaseCluster(name, spec)), CTX)
    expect(new Set(res.children.map(keyOf)).size).toBe(res.children.length)
    for (const c of res.children) {
      expect(isDnsLabel(c.metadata.name), c.metadata.name).toBe(true)
      for (const [k, v] of Object.entries(c.metadata.labels ?? {})) expect(isLabelValue(v), `${k}=${v}`).toBe(true)
      if (c.kind === 'KafkaNodePool') expect(kafkaNames.pod(name, c.metadata.name, 999).length).toBeLessThanOrEqual(63)
    }
  })

  test.prop([clusterName, kafkaSpec], { numRuns: 100 })('idempotent through the Metacontroller model; the status settles', (name, spec) => {
    const sim = simulator(databaseCluster(name, spec), [], healthy)
    const first = sim.step()
    const second = sim.step()
    const third = sim.step()
    expect(second.children).toEqual(first.children)
    expect(third).toEqual(second)
    expect(sim.deleted).toEqual([])
    expect(second.status.phase).toBe('Ready')
  })

  test.prop([clusterName, kafkaSpec, kafkaSpec, fc.boolean()], { numRuns: 150 })('a spec change, valid or not, never drops the Kafka or a node pool', (name, before, after, breakIt) => {
    const sim = simulator(databaseCluster(name, before), [], healthy)
    const first = sim.step()
    sim.setSpec(breakIt ? { ...after, version: '1.0' } : after)
    const res = syncDatabaseCluster(sim.request(), LATER)
    for (const key of stateful(first)) expect(stateful(res), key).toContain(key)
  })

  test.prop([clusterName, kafkaSpec, fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 })], { numRuns: 100 })('scaling never changes the controller quorum', (name, spec, sizes) => {
    const sim = simulator(databaseCluster(name, spec), [], healthy)
    const quorum = controllers(sim.step())
    for (const clusterSize of sizes) {
      sim.setSpec({ ...spec, clusterSize })
      expect(controllers(sim.step())).toBe(quorum)
    }
    expect(sim.deleted).toEqual([])
  })

  test.prop([clusterName, kafkaSpec, other, fc.boolean()], { numRuns: 100 })('switching engine, either way, keeps the old children and reuses none', (name, kafka, otherSpec, fromKafka) => {
    const [before, after] = fromKafka ? [kafka, otherSpec] : [otherSpec, kafka]
    const sim = simulator(databaseCluster(name, before), [], healthy)
    const first = sim.step()
    sim.setSpec(after)
    const res = syncDatabaseCluster(sim.request(), LATER)
    expect(res.children.map(keyOf).sort()).toEqual(first.children.map(keyOf).sort())
    expect((res.status.conditions as { type: string; reason: string }[]).find((c) => c.type === 'Ready')?.reason).toBe('EngineChanged')
  })
})
