import { describe, expect, it } from 'vitest'
import { applyChild } from '../../support/metacontroller.js'
import { child, condition, databaseCluster, sync } from '../../support/clusters.js'
import { expectValidChild } from '../../support/upstream-schemas.js'

const SPEC = { engine: 'kafka', clusterSize: 3, storage: '50Gi', config: [{ name: 'log.retention.hours', value: '168' }] }

describe('kafka → Strimzi Kafka + KafkaNodePool (KRaft)', () => {
  it('3 nodes: one dual-role pool, JBOD storage that is never deleted with the claim', () => {
    const r = sync(databaseCluster('logs', SPEC))
    expect(r.children.map((c) => `${c.kind}/${c.metadata.name}`)).toEqual(['Kafka/logs', 'KafkaNodePool/logs-dual'])
    expect(child(r, 'KafkaNodePool').spec).toMatchObject({ replicas: 3, roles: ['controller', 'broker'], storage: { type: 'jbod', volumes: [{ id: 0, type: 'persistent-claim', size: '50Gi', deleteClaim: false, kraftMetadata: 'shared' }] } })
    expect(child(r, 'KafkaNodePool').metadata.labels).toMatchObject({ 'strimzi.io/cluster': 'logs' })
    for (const c of r.children) expectValidChild(c)
  })

  it('5 brokers: 3 dedicated controllers and 5 brokers', () => {
    const r = sync(databaseCluster('logs', { ...SPEC, clusterSize: 5 }))
    expect(r.children.filter((c) => c.kind === 'KafkaNodePool').map((c) => [c.metadata.name, (c.spec as any).replicas, (c.spec as any).roles])).toEqual([
      ['logs-controllers', 3, ['controller']],
      ['logs-brokers', 5, ['broker']],
    ])
  })

  it('version, SCRAM listeners, simple authorization, replication defaults under the user\'s config, entity operator', () => {
    const kafka = child(sync(databaseCluster('logs', SPEC)), 'Kafka')
    expect(kafka.spec).toMatchObject({
      kafka: {
        version: '4.3.1',
        listeners: [
          { name: 'plain', port: 9092, type: 'internal', tls: false, authentication: { type: 'scram-sha-512' } },
          { name: 'tls', port: 9093, type: 'internal', tls: true, authentication: { type: 'scram-sha-512' } },
        ],
        authorization: { type: 'simple' },
        config: { 'default.replication.factor': 3, 'min.insync.replicas': 2, 'log.retention.hours': '168' },
      },
      entityOperator: { topicOperator: {}, userOperator: {} },
    })
  })

  it('monitoring: Strimzi metrics reporter and a PodMonitor on tcp-prometheus; external exposure: a TLS load balancer listener', () => {
    const r = sync(databaseCluster('logs', { ...SPEC, monitoring: { enabled: true }, expose: { type: 'external' }, scheduling: { antiAffinity: 'required' } }))
    expect(child(r, 'Kafka').spec).toMatchObject({ kafka: { metricsConfig: { type: 'strimziMetricsReporter' }, listeners: [{}, {}, { name: 'external', type: 'loadbalancer', tls: true }] } })
    expect(child(r, 'PodMonitor').spec).toEqual({ selector: { matchLabels: { 'strimzi.io/cluster': 'logs', 'strimzi.io/kind': 'Kafka' } }, podMetricsEndpoints: [{ path: '/metrics', port: 'tcp-prometheus' }] })
    expect(child(r, 'KafkaNodePool').spec).toMatchObject({ template: { pod: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname' }] } } } } })
    for (const c of r.children) expectValidChild(c)
  })

  it.each([
    ['backups', { backup: { storageClassName: 's3' } }],
    ['stop', { stopped: true }],
    ['a proxy', { proxy: { enabled: true } }],
    ['a data source', { dataSource: { clusterName: 'x' } }],
  ])('refuses %s with a clear message, creating nothing', (_name, extra) => {
    const r = sync(databaseCluster('logs', { ...SPEC, ...extra }))
    expect(r.children).toEqual([])
    expect(condition(r.status, 'Ready')?.message).toMatch(/kafka: (has no|cannot)/)
  })
})

describe('kafka status', () => {
  function observe(status: Record<string, unknown> | undefined, generation = 1) {
    const parent = databaseCluster('logs', SPEC)
    const children = sync(parent).children.map((c, i) => {
      const applied = applyChild(c, parent, c.kind === 'Kafka' ? status : { replicas: 3, nodeIds: [0, 1, 2], roles: ['controller', 'broker'] }, i + 1)
      return { ...applied, metadata: { ...applied.metadata, generation } }
    })
    return sync(parent, children)
  }
  const READY = {
    observedGeneration: 1,
    clusterId: 'XP9FP2P-RByvEy0W4cOEUA',
    kafkaVersion: '4.3.1',
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }],
    listeners: [{ name: 'plain', addresses: [{ host: 'logs-kafka-bootstrap.team-a.svc', port: 9092 }], bootstrapServers: 'logs-kafka-bootstrap.team-a.svc:9092' }],
  }

  it('ready only for the current generation', () => {
    expect(observe(READY).status.phase).toBe('Ready')
    expect(observe(READY, 2).status.phase).toBe('Updating')
  })

  it('nodes, version and bootstrap endpoints', () => {
    expect(observe(READY).status).toMatchObject({
      version: '4.3.1',
      instances: 3,
      instanceRoles: [{ name: 'logs-logs-dual-0', role: 'broker' }, { name: 'logs-logs-dual-1' }, { name: 'logs-logs-dual-2' }],
      endpoints: [{ name: 'plain', role: 'bootstrap', host: 'logs-kafka-bootstrap.team-a.svc', port: 9092, secretName: 'logs-cluster-ca-cert' }],
      engine: { kind: 'Kafka', phase: 'Ready', message: 'clusterId XP9FP2P-RByvEy0W4cOEUA' },
    })
  })

  it('NotReady with an invalid-resource reason is Failed, with Strimzi\'s message', () => {
    const r = observe({ observedGeneration: 1, conditions: [{ type: 'NotReady', status: 'True', reason: 'InvalidResourceException', message: 'Kafka version 4.0.0 is not supported', lastTransitionTime: '2026-01-01T00:00:00Z' }] })
    expect(r.status.phase).toBe('Failed')
    expect(condition(r.status, 'Ready')).toMatchObject({ status: 'False', reason: 'ClusterFailed', message: 'Kafka version 4.0.0 is not supported' })
  })
})
