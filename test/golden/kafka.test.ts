/**
 * Golden Metacontroller v2 requests and responses for Kafka clusters. Each
 * scenario writes its request and the hook's response as YAML under
 * test/golden/kafka/; CI fails when either drifts (regenerate with
 * `npx vitest run test/golden/kafka.test.ts -u` and review the diff).
 * Kafka has no backups or restores in Strimzi: those scenarios show the
 * refusal, with the children of a running cluster kept as they were.
 */
import { goldenSyncTests, responsesByName } from '../support/golden.js'
import { describe, expect, it } from 'vitest'
import type { CompositeSyncRequest, KObject } from '../../providers/shared/kube.js'
import { CTX, LATER, databaseCluster, sync, syncRequest } from '../support/clusters.js'
import { expectValidChild } from '../support/upstream-schemas.js'
import { applied, kafkaStatus, healthy, spec, strimziProblems } from '../providers/kafka/fixtures.js'

type Obj = Record<string, unknown>

const SMALL = spec({
  resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '4Gi' } },
  monitoring: { enabled: true },
  scheduling: { antiAffinity: 'required', tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'kafka', effect: 'NoSchedule' }] },
})
const LARGE = spec({
  clusterSize: 5,
  version: '4.2',
  storage: '500Gi',
  storageClass: 'fast-ssd',
  expose: { type: 'external', sourceRanges: ['10.0.0.0/8'] },
  scheduling: { topologyKey: 'topology.kubernetes.io/zone' },
})

function deleting(parent: KObject): KObject {
  return { ...parent, metadata: { ...parent.metadata, deletionTimestamp: '2026-01-02T00:00:00Z', finalizers: ['metacontroller.io/compositecontroller-dbaas-databasecluster'] } }
}

const failed = (c: KObject): Obj | undefined =>
  c.kind === 'Kafka' ? kafkaStatus(c, { conditions: [{ type: 'NotReady', status: 'True', reason: 'InvalidResourceException', message: 'Kafka configuration option log.retention.hours has an invalid value', lastTransitionTime: '2026-01-01T00:05:00Z' }] }) : healthy(c)

function scenarios(): { name: string; request: CompositeSyncRequest; ctx: typeof CTX }[] {
  const small = databaseCluster('logs', SMALL)
  const running = { ...small, status: sync(small).status }
  const children = applied(small)
  const next = (changes: Obj) => databaseCluster('logs', { ...SMALL, ...changes }, { generation: 2, status: sync(running, children, [], LATER).status })
  const noFront = children.filter((c) => c.kind !== 'PodMonitor')
  const supportOnly = noFront.filter((c) => c.kind === 'ConfigMap')
  return [
    { name: 'first-sync', request: syncRequest(small), ctx: CTX },
    { name: 'first-sync-dedicated-controllers', request: syncRequest(databaseCluster('events', LARGE)), ctx: CTX },
    { name: 'steady-state-ready', request: syncRequest(running, children), ctx: LATER },
    { name: 'strimzi-failed', request: syncRequest(running, applied(small, failed)), ctx: LATER },
    { name: 'scale-out-keeps-the-quorum', request: syncRequest(next({ clusterSize: 5 }), children), ctx: LATER },
    { name: 'quorum-shrink-refused-keeps-children', request: syncRequest(next({ clusterSize: 1 }), children), ctx: LATER },
    { name: 'backup-refused-keeps-children', request: syncRequest(next({ backup: { storageClassName: 's3-default' } }), children), ctx: LATER },
    { name: 'restore-refused', request: syncRequest(databaseCluster('logs-copy', spec({ dataSource: { clusterName: 'logs' } }))), ctx: CTX },
    { name: 'invalid-version-keeps-children', request: syncRequest(next({ version: '9.9' }), children), ctx: LATER },
    { name: 'finalize-front-first', request: syncRequest(deleting(running), children, [], true), ctx: LATER },
    { name: 'finalize-data-next', request: syncRequest(deleting(running), noFront, [], true), ctx: LATER },
    { name: 'finalize-support-last', request: syncRequest(deleting(running), supportOnly, [], true), ctx: LATER },
    { name: 'finalize-done', request: syncRequest(deleting(running), [], [], true), ctx: LATER },
  ]
}

const byName = () => responsesByName(scenarios())

describe('golden Kafka sync and finalize', () => {
  goldenSyncTests('kafka', scenarios(), (response) => {
    for (const child of response.children) expectValidChild(child)
    expect(strimziProblems(response.children)).toEqual([])
  })

  it('what each scenario must show', () => {
    const r = byName()
    const kinds = (name: string) => r[name]!.children.map((c) => `${c.kind}/${c.metadata.name}`).sort()
    expect(kinds('first-sync')).toEqual(['ConfigMap/logs-kafka-metrics', 'Kafka/logs', 'KafkaNodePool/logs-dual', 'PodMonitor/logs'])
    expect(kinds('first-sync-dedicated-controllers')).toEqual(['Kafka/events', 'KafkaNodePool/events-brokers', 'KafkaNodePool/events-controllers'])
    expect(r['steady-state-ready']!.status).toMatchObject({ phase: 'Ready', ready: '3/3' })
    expect(r['strimzi-failed']!.status).toMatchObject({ phase: 'Failed' })
    expect(kinds('scale-out-keeps-the-quorum')).toEqual([...kinds('first-sync'), 'KafkaNodePool/logs-brokers'].sort())
    expect(r['scale-out-keeps-the-quorum']!.status).toMatchObject({ phase: 'Updating', ready: '0/5' })
    for (const [name, phase] of [['quorum-shrink-refused-keeps-children', 'Pending'], ['backup-refused-keeps-children', 'Invalid'], ['invalid-version-keeps-children', 'Pending']] as const) {
      expect(kinds(name), name).toEqual(kinds('first-sync'))
      expect(r[name]!.status.phase, name).toBe(phase)
    }
    expect(r['restore-refused']!.children).toEqual([])
    expect(kinds('finalize-front-first')).toEqual(['ConfigMap/logs-kafka-metrics', 'Kafka/logs', 'KafkaNodePool/logs-dual'])
    expect(kinds('finalize-data-next')).toEqual(['ConfigMap/logs-kafka-metrics'])
    expect(r['finalize-support-last']!.children).toEqual([])
    expect(r['finalize-support-last']!.finalized).toBe(false)
    expect(r['finalize-done']!.finalized).toBe(true)
  })
})
