import { describe, expect, it } from 'vitest'
import type { KObject } from '../../../providers/shared/kube.js'
import { CTX, LATER, condition, databaseCluster, sync } from '../../support/clusters.js'
import { CLUSTER_ID, applied, healthy, kafkaStatus, poolStatus, spec } from './fixtures.js'

type Obj = Record<string, any>
type StatusOf = (child: KObject) => Obj | undefined

const NOT_READY = (reason: string, message: string) => ({ conditions: [{ type: 'NotReady', status: 'True', reason, message, lastTransitionTime: '2026-01-01T00:01:00Z' }] })

/** Sync `extra`'s cluster once more after Strimzi wrote `statusOf`'s statuses; `tweak` edits an observed child. */
function observe(extra: Obj, statusOf: StatusOf = healthy, tweak: (c: KObject) => KObject = (c) => c) {
  const parent = databaseCluster('logs', spec(extra))
  const first = sync(parent)
  return sync({ ...parent, status: first.status }, applied(parent, statusOf).map(tweak), [], LATER)
}

const kafkaWith = (overrides: Obj): StatusOf => (c) => (c.kind === 'Kafka' ? kafkaStatus(c, overrides) : healthy(c))

describe('kafka status: phases', () => {
  it.each<[string, StatusOf, string, string, RegExp]>([
    ['Strimzi has not written a status', () => undefined, 'Creating', 'ClusterNotReady', /has not reported on the Kafka yet/],
    ['a new cluster being deployed', kafkaWith({ ...NOT_READY('Creating', 'Kafka cluster is being deployed'), clusterId: undefined }), 'Creating', 'Creating', /Creating: Kafka cluster is being deployed/],
    ['an invalid resource', kafkaWith(NOT_READY('InvalidResourceException', 'Kafka version 9.9.9 is not supported')), 'Failed', 'ClusterFailed', /InvalidResourceException: Kafka version 9.9.9 is not supported/],
    ['an upgrade Strimzi refuses', kafkaWith(NOT_READY('KafkaUpgradeException', 'The current metadata version (4.3-IV0) has to be lower or equal')), 'Failed', 'ClusterFailed', /KafkaUpgradeException/],
    ['a timeout on a running cluster: retried', kafkaWith(NOT_READY('TimeoutException', 'Exceeded timeout of 300000ms')), 'Updating', 'ClusterNotReady', /TimeoutException: Exceeded timeout/],
    ['a timeout before the cluster ever ran', kafkaWith({ ...NOT_READY('TimeoutException', 'Exceeded timeout'), clusterId: undefined }), 'Creating', 'ClusterNotReady', /TimeoutException/],
    ['paused reconciliation', kafkaWith({ conditions: [{ type: 'ReconciliationPaused', status: 'True', lastTransitionTime: '2026-01-01T00:01:00Z' }] }), 'Pending', 'ReconciliationPaused', /paused \(annotation strimzi.io\/pause-reconciliation\)/],
    ['Ready for an older generation of the Kafka', kafkaWith({ observedGeneration: 0 }), 'Updating', 'ClusterNotReady', /not reconciled generation 1 of the Kafka yet \(last: 0\)/],
  ])('%s → %s', (_name, statusOf, phase, reason, message) => {
    const res = observe({}, statusOf)
    expect(res.status.phase).toBe(phase)
    expect(condition(res.status, 'Ready')).toMatchObject({ status: 'False', reason })
    expect(String(condition(res.status, 'Ready')?.message)).toMatch(message)
  })

  it('nothing observed yet: Creating', () => {
    const res = sync(databaseCluster('logs', spec()))
    expect(res.status).toMatchObject({ phase: 'Creating', ready: '0/3', endpoints: [] })
    expect(condition(res.status, 'Progressing')).toMatchObject({ status: 'True' })
  })

  it('paused and failed clusters are not progressing', () => {
    expect(condition(observe({}, kafkaWith({ conditions: [{ type: 'ReconciliationPaused', status: 'True' }] })).status, 'Progressing')).toMatchObject({ status: 'False' })
    expect(condition(observe({}, kafkaWith(NOT_READY('InvalidConfigurationException', 'bad'))).status, 'Progressing')).toMatchObject({ status: 'False' })
  })
})

describe('kafka status: a healthy cluster', () => {
  const res = observe({ clusterSize: 5, expose: { type: 'external' } })

  it('Ready, with brokers as instances and every node with its role, by node id', () => {
    expect(res.status).toMatchObject({ phase: 'Ready', ready: '5/5', instances: 5, readyInstances: 5, version: '4.3.1' })
    expect(condition(res.status, 'Ready')).toMatchObject({ status: 'True', reason: 'ClusterReady', message: '5 brokers ready' })
    expect(res.status.instanceRoles).toEqual([
      ...[0, 1, 2].map((id) => ({ name: `logs-logs-controllers-${String(id)}`, role: 'controller', state: 'healthy' })),
      ...[3, 4, 5, 6, 7].map((id) => ({ name: `logs-logs-brokers-${String(id)}`, role: 'broker', state: 'healthy' })),
    ])
  })

  it('bootstrap endpoints; the TLS listeners name the cluster CA Secret', () => {
    const host = 'logs-kafka-bootstrap.team-a.svc'
    expect(res.status.endpoints).toEqual([
      { name: 'plain', role: 'bootstrap', host, port: 9092 },
      { name: 'tls', role: 'bootstrap', host, port: 9093, secretName: 'logs-cluster-ca-cert' },
      { name: 'external', role: 'bootstrap', host, port: 9094, secretName: 'logs-cluster-ca-cert' },
    ])
  })

  it('the engine\'s own view: Ready, cluster id and metadata version', () => {
    expect(res.status.engine).toEqual({ kind: 'Kafka', name: 'logs', phase: 'Ready', message: `clusterId ${CLUSTER_ID}; metadata version 4.3-IV0` })
  })

  it('no backups exist for Kafka, and status says so', () => {
    expect(res.status.backup).toEqual({ configured: false })
    expect(condition(res.status, 'BackupHealthy')).toMatchObject({ status: 'False', reason: 'BackupNotConfigured' })
  })

  it('stable: the same observation gives the same status, transition times included', () => {
    const parent = databaseCluster('logs', spec(), { status: res.status })
    const children = applied(databaseCluster('logs', spec()))
    const a = sync(parent, children, [], LATER)
    const b = sync({ ...parent, status: a.status }, children, [], { ...CTX, now: '2026-01-02T00:00:00Z' })
    expect(b.status).toEqual(a.status)
  })
})

describe('kafka status: node pools that have not caught up', () => {
  const poolWith = (name: string, overrides: Obj): StatusOf => (c) => (c.kind === 'KafkaNodePool' && c.metadata.name === name ? poolStatus(c, overrides) : healthy(c))

  it('a pool whose spec changed since Strimzi last looked (the Kafka itself is unchanged)', () => {
    const res = observe({}, healthy, (c) => (c.kind === 'KafkaNodePool' ? { ...c, metadata: { ...c.metadata, generation: 2 } } : c))
    expect(res.status.phase).toBe('Updating')
    expect(condition(res.status, 'Ready')?.message).toBe('KafkaNodePool logs-dual: Strimzi has not reconciled generation 2 yet')
  })

  it('a scale-down Strimzi reverted: its Warning explains why', () => {
    const warning = { type: 'Warning', status: 'True', reason: 'ScaleDownPreventionCheck', message: 'Reverting scale-down of KafkaNodePool logs-brokers by changing number of replicas to 5', lastTransitionTime: '2026-01-01T00:01:00Z' }
    const statusOf: StatusOf = (c) => (c.kind === 'Kafka' ? kafkaStatus(c, { conditions: [{ type: 'Ready', status: 'True' }, warning] }) : c.metadata.name === 'logs-brokers' ? poolStatus(c, { replicas: 5, nodeIds: [3, 4, 5, 6, 7] }) : healthy(c))
    const res = observe({ clusterSize: 4 }, statusOf)
    expect(res.status.phase).toBe('Updating')
    expect(condition(res.status, 'Ready')?.message).toBe('KafkaNodePool logs-brokers runs 5 nodes, 4 asked for; 5 of 4 brokers running; ScaleDownPreventionCheck: Reverting scale-down of KafkaNodePool logs-brokers by changing number of replicas to 5')
    expect((res.status.engine as Obj).message).toContain('Warning ScaleDownPreventionCheck: Reverting scale-down')
    expect(res.status.instances).toBe(5)
  })

  it('a scale-out whose new pool does not exist yet: the Kafka\'s own Ready is not enough', () => {
    const parent = databaseCluster('logs', spec({ clusterSize: 5 }), { generation: 2 })
    const res = sync(parent, applied(databaseCluster('logs', spec())), [], LATER)
    expect(res.children.map((c) => c.metadata.name)).toContain('logs-brokers')
    expect(res.status).toMatchObject({ phase: 'Updating', ready: '0/5', instances: 3 })
    expect(condition(res.status, 'Ready')?.message).toBe('3 of 5 brokers running')
  })

  it('a pool the Kafka does not use yet', () => {
    const res = observe({}, kafkaWith({ kafkaNodePools: [] }))
    expect(condition(res.status, 'Ready')?.message).toBe('KafkaNodePool logs-dual is not in use by the Kafka yet')
  })

  it('roles from the pool status, else from its spec', () => {
    const res = observe({}, poolWith('logs-dual', { roles: undefined, nodeIds: [0, 1, 2] }))
    expect((res.status.instanceRoles as Obj[]).map((r) => r.role)).toEqual(['broker', 'broker', 'broker'])
  })
})

describe('kafka status: endpoints from what Strimzi reports', () => {
  it('bootstrapServers when a listener has no addresses; nothing from a listener without either', () => {
    const listeners = [{ name: 'plain', bootstrapServers: 'logs-kafka-bootstrap.team-a.svc:9092' }, { name: 'tls' }]
    expect(observe({}, kafkaWith({ listeners })).status.endpoints).toEqual([{ name: 'plain', role: 'bootstrap', host: 'logs-kafka-bootstrap.team-a.svc', port: 9092 }])
  })
})
