import { describe, expect, it } from 'vitest'
import { child, condition, databaseCluster, sync } from '../../support/clusters.js'
import { expectValidChild } from '../../support/upstream-schemas.js'
import { kafkaNames } from '../../../providers/kafka/names.js'
import { SPEC, kinds, pools, spec, strimziProblems } from './fixtures.js'

type Obj = Record<string, any>
const kafkaSpec = (extra: Obj = {}) => child(sync(databaseCluster('logs', spec(extra))), 'Kafka').spec as Obj

describe('kafka: the children of a 3-broker cluster', () => {
  const res = sync(databaseCluster('logs', SPEC))

  it('a Kafka and one dual-role pool; nothing else without monitoring', () => {
    expect(kinds(res)).toEqual(['Kafka/logs', 'KafkaNodePool/logs-dual'])
    expect(condition(res.status, 'SpecValid')).toMatchObject({ status: 'True' })
  })

  it('JBOD storage with the KRaft metadata on it, deleted with its claim (deletionPolicy Delete, the default)', () => {
    expect(child(res, 'KafkaNodePool').spec).toEqual({
      replicas: 3,
      roles: ['controller', 'broker'],
      storage: { type: 'jbod', volumes: [{ id: 0, type: 'persistent-claim', size: '50Gi', deleteClaim: true, kraftMetadata: 'shared' }] },
      template: { pod: { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { 'strimzi.io/cluster': 'logs', 'strimzi.io/broker-role': 'true' } }, topologyKey: 'kubernetes.io/hostname' } }] } } } },
    })
    expect(child(res, 'KafkaNodePool').metadata.labels).toMatchObject({ 'strimzi.io/cluster': 'logs', 'dbaas.io/engine': 'kafka', 'app.kubernetes.io/component': 'dual' })
  })

  it('deletionPolicy Retain keeps every pool\'s claims (deleteClaim: false)', () => {
    const retained = sync(databaseCluster('logs', { ...SPEC, deletionPolicy: 'Retain' }))
    const volumes = retained.children.filter((c) => c.kind === 'KafkaNodePool').flatMap((p) => (p.spec as { storage: { volumes: { deleteClaim: boolean }[] } }).storage.volumes)
    expect(volumes.length).toBeGreaterThan(0)
    expect(volumes.every((v) => !v.deleteClaim)).toBe(true)
  })

  it('the newest catalog version with its KRaft metadata version and image; SCRAM listeners; simple authorization; entity operator; PDB', () => {
    expect(child(res, 'Kafka').spec).toEqual({
      kafka: {
        version: '4.3.1',
        metadataVersion: '4.3-IV0',
        image: 'quay.io/strimzi/kafka:1.2.0-kafka-4.3.1',
        config: { 'default.replication.factor': 3, 'min.insync.replicas': 2, 'offsets.topic.replication.factor': 3, 'transaction.state.log.replication.factor': 3, 'transaction.state.log.min.isr': 2, 'log.retention.hours': '168' },
        authorization: { type: 'simple' },
        template: { podDisruptionBudget: { maxUnavailable: 1 } },
        listeners: [
          { name: 'plain', port: 9092, type: 'internal', tls: false, authentication: { type: 'scram-sha-512' } },
          { name: 'tls', port: 9093, type: 'internal', tls: true, authentication: { type: 'scram-sha-512' } },
        ],
      },
      entityOperator: { topicOperator: {}, userOperator: {} },
    })
  })

  it('every child validates against the Strimzi 1.2 schemas and passes its CEL rules', () => {
    for (const c of res.children) expectValidChild(c)
    expect(strimziProblems(res.children)).toEqual([])
  })
})

describe('kafka: node pool layout', () => {
  it.each<[string, Obj, [string, number, string[]][]]>([
    ['1 broker: a single dual-role node', { clusterSize: 1 }, [['logs-dual', 1, ['controller', 'broker']]]],
    ['2 brokers: one quorum node (a quorum of 2 needs both) and one broker', { clusterSize: 2 }, [['logs-dual', 1, ['controller', 'broker']], ['logs-brokers', 1, ['broker']]]],
    ['3 brokers: three dual-role nodes', { clusterSize: 3 }, [['logs-dual', 3, ['controller', 'broker']]]],
    ['4 brokers: 3 dedicated controllers', { clusterSize: 4 }, [['logs-controllers', 3, ['controller']], ['logs-brokers', 4, ['broker']]]],
    ['9 brokers: 3 dedicated controllers', { clusterSize: 9 }, [['logs-controllers', 3, ['controller']], ['logs-brokers', 9, ['broker']]]],
    ['3 brokers, dedicated controllers asked for', { clusterSize: 3, dedicatedControllers: true }, [['logs-controllers', 3, ['controller']], ['logs-brokers', 3, ['broker']]]],
    ['5 brokers, shared controllers asked for', { clusterSize: 5, dedicatedControllers: false }, [['logs-dual', 3, ['controller', 'broker']], ['logs-brokers', 2, ['broker']]]],
  ])('%s', (_name, extra, expected) => {
    const res = sync(databaseCluster('logs', spec(extra)))
    expect(pools(res)).toEqual(expected)
    for (const c of res.children) expectValidChild(c)
    expect(strimziProblems(res.children)).toEqual([])
  })

  it('controllers get a small volume (at most 20Gi), brokers the full size; the storage class and resources on every pool', () => {
    const resources = { requests: { cpu: '2', memory: '8Gi' }, limits: { memory: '8Gi' } }
    const res = sync(databaseCluster('logs', spec({ clusterSize: 5, storage: '200Gi', storageClass: 'fast-ssd', resources })))
    const volume = (name: string) => (child(res, 'KafkaNodePool', name).spec as Obj).storage.volumes[0]
    expect(volume('logs-controllers')).toMatchObject({ size: '20Gi', class: 'fast-ssd' })
    expect(volume('logs-brokers')).toMatchObject({ size: '200Gi', class: 'fast-ssd' })
    for (const name of ['logs-controllers', 'logs-brokers']) expect(child(res, 'KafkaNodePool', name).spec).toMatchObject({ resources })
    expect((child(sync(databaseCluster('logs', spec({ clusterSize: 5, storage: '5Gi' }))), 'KafkaNodePool', 'logs-controllers').spec as Obj).storage.volumes[0].size).toBe('5Gi')
  })

  it('pool names leave room for the cluster name and a 3-digit node id in a 63-character pod name', () => {
    const name = 'a'.repeat(45)
    const res = sync(databaseCluster(name, spec({ clusterSize: 5 })))
    const names = res.children.filter((c) => c.kind === 'KafkaNodePool').map((c) => c.metadata.name)
    expect(new Set(names).size).toBe(2)
    for (const pool of names) expect(kafkaNames.pod(name, pool, 999).length).toBeLessThanOrEqual(63)
    for (const c of res.children) expectValidChild(c)
  })
})

describe('kafka: versions and broker config', () => {
  it.each([
    ['an exact version', '4.2.1', { version: '4.2.1', metadataVersion: '4.2-IV1', image: 'quay.io/strimzi/kafka:1.2.0-kafka-4.2.1' }],
    ['a minor version: its newest patch in the catalog', '4.2', { version: '4.2.1', metadataVersion: '4.2-IV1' }],
    ['no version: the newest', undefined, { version: '4.3.1', metadataVersion: '4.3-IV0' }],
  ])('%s', (_name, version, expected) => {
    expect(kafkaSpec(version === undefined ? {} : { version }).kafka).toMatchObject(expected)
  })

  it.each([
    [1, 1, 1],
    [2, 2, 1],
    [3, 3, 2],
    [7, 3, 2],
  ])('%i broker(s): replication factor %i, min in-sync %i', (clusterSize, factor, inSync) => {
    expect(kafkaSpec({ clusterSize, config: [] }).kafka.config).toEqual({
      'default.replication.factor': factor,
      'offsets.topic.replication.factor': factor,
      'transaction.state.log.replication.factor': factor,
      'min.insync.replicas': inSync,
      'transaction.state.log.min.isr': inSync,
    })
  })

  it('the user\'s config wins over the defaults; per-listener and allowed ssl options pass', () => {
    const config = [{ name: 'min.insync.replicas', value: '1' }, { name: 'listener.name.plain-9092.max.connections', value: '500' }, { name: 'ssl.cipher.suites', value: 'TLS_AES_256_GCM_SHA384' }]
    expect(kafkaSpec({ config }).kafka.config).toMatchObject({ 'min.insync.replicas': '1', 'listener.name.plain-9092.max.connections': '500', 'ssl.cipher.suites': 'TLS_AES_256_GCM_SHA384' })
  })

  it('the escape hatch merges into the Kafka spec, null removes', () => {
    const s = kafkaSpec({ engineOverrides: { kafka: { authorization: null }, cruiseControl: {} } })
    expect(s.kafka).not.toHaveProperty('authorization')
    expect(s.cruiseControl).toEqual({})
    expect(s.kafka.version).toBe('4.3.1')
  })
})

describe('kafka: exposure', () => {
  it('external: a TLS LoadBalancer listener with source ranges; annotations on every external Service', () => {
    const s = kafkaSpec({ expose: { type: 'external', sourceRanges: ['10.0.0.0/8'], annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } } })
    expect(s.kafka.listeners[2]).toEqual({ name: 'external', port: 9094, type: 'loadbalancer', tls: true, authentication: { type: 'scram-sha-512' }, configuration: { loadBalancerSourceRanges: ['10.0.0.0/8'] } })
    const metadata = { metadata: { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } } }
    expect(s.kafka.template).toEqual({ podDisruptionBudget: { maxUnavailable: 1 }, externalBootstrapService: metadata, perPodService: metadata })
  })

  it('internal: two listeners only', () => {
    expect(kafkaSpec({ expose: { type: 'internal', sourceRanges: ['10.0.0.0/8'] } }).kafka.listeners.map((l: Obj) => l.name)).toEqual(['plain', 'tls'])
  })
})
