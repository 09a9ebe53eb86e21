import { describe, expect, it } from 'vitest'
import { syncDatabaseCluster } from '../../../providers/database-cluster/sync.js'
import { HookError } from '../../../providers/shared/errors.js'
import { LAST_APPLIED } from '../../../providers/shared/observed.js'
import { CTX, LATER, SEED_SPEC, condition, databaseCluster, sync, syncRequest } from '../../support/clusters.js'
import { expectValidChild } from '../../support/upstream-schemas.js'
import { applied, changed, lastAppliedOf, pools, sorted, spec, strimziProblems } from './fixtures.js'

type Obj = Record<string, unknown>

function blocked(res: ReturnType<typeof sync>, reason: string, message: RegExp): void {
  expect(condition(res.status, 'Ready')).toMatchObject({ status: 'False', reason })
  expect(condition(res.status, 'SpecValid')).toMatchObject({ status: 'False', reason })
  expect(String(condition(res.status, 'Ready')?.message)).toMatch(message)
}

describe('kafka: what Strimzi cannot do is refused, nothing created', () => {
  it.each<[string, Obj, string, RegExp]>([
    ['backups (the CRD rule, enforced by the hook too)', { backup: { storageClassName: 's3-default' } }, 'InvalidSpec', /kafka: has no backups in Strimzi 1.2/],
    ['a restore from a backup', { dataSource: { backupName: 'b1' } }, 'InvalidSpec', /kafka: cannot be created from a backup or a clone/],
    ['a point-in-time restore', { dataSource: { backupSource: { storageClassName: 's3', serverName: 'x' }, pointInTime: '2026-01-01T00:00:00Z' } }, 'InvalidSpec', /kafka: cannot be created from a backup/],
    ['a clone', { dataSource: { clusterName: 'other' } }, 'InvalidSpec', /kafka: cannot be created from a backup or a clone/],
    ['a proxy', { proxy: { enabled: true } }, 'InvalidSpec', /kafka: has no proxy/],
    ['stop', { stopped: true }, 'InvalidSpec', /kafka: cannot be stopped/],
    ['PMM', { monitoring: { enabled: true, pmm: { serverHost: 'pmm' } } }, 'UnsupportedFeature', /monitoring.pmm is for the Percona engines/],
    ['an unknown version', { version: '3.9' }, 'UnsupportedVersion', /kafka version 3.9 is not in the image catalog \(known: 4.3.1, 4.2.1\)/],
    ['options Strimzi manages itself', { config: [{ name: 'listeners', value: 'x' }, { name: 'ssl.keystore.location', value: '/k' }, { name: 'controller.quorum.voters', value: 'v' }, { name: 'Broker.id', value: '1' }] }, 'FixedParameter', /Strimzi manages listeners, ssl.keystore.location, controller.quorum.voters, Broker.id itself/],
    ['more copies than brokers', { clusterSize: 1, config: [{ name: 'default.replication.factor', value: '3' }] }, 'InvalidConfig', /default.replication.factor 3 needs more than the 1 broker/],
    ['more in-sync replicas than copies', { config: [{ name: 'min.insync.replicas', value: '3' }, { name: 'default.replication.factor', value: '2' }] }, 'InvalidConfig', /min.insync.replicas 3 is more than default.replication.factor 2/],
  ])('%s', (_name, extra, reason, message) => {
    const res = sync(databaseCluster('logs', spec(extra)))
    expect(res.children).toEqual([])
    blocked(res, reason, message)
  })

  it('the provider refuses them itself, whatever admission let through', async () => {
    const { kafkaProvider } = await import('../../../providers/kafka/provider.js')
    const { parseCluster } = await import('../../../providers/database-cluster/parse.js')
    const parsed = parseCluster(databaseCluster('logs', spec()))
    if (!parsed.ok) throw new Error(parsed.errors.join('; '))
    const cluster = { ...parsed.value, spec: { ...parsed.value.spec, stopped: true, proxy: { enabled: true, replicas: 1 }, dataSource: { clusterName: 'x' }, backup: { storageClassName: 's', schedules: [], pointInTimeRecovery: true } } }
    const problems = kafkaProvider.validate({ cluster, children: {}, related: {}, ctx: CTX })
    expect(problems.map((p) => p.reason)).toEqual(['UnsupportedFeature', 'UnsupportedFeature', 'UnsupportedFeature', 'UnsupportedFeature'])
    expect(problems.map((p) => p.message).join('\n')).toMatch(/no backups[\s\S]*point in time or a clone[\s\S]*no proxy[\s\S]*cannot be stopped/)
  })

  it('a catalog version Strimzi 1.2 does not run', () => {
    const ctx = { ...CTX, config: { ...CTX.config, images: { ...CTX.config.images, kafka: { ...CTX.config.images.kafka, '3.9.1': 'quay.io/strimzi/kafka:0.45.0-kafka-3.9.1' } } } }
    const res = syncDatabaseCluster(syncRequest(databaseCluster('logs', spec({ version: '3.9.1' }))), ctx)
    blocked(res, 'UnsupportedVersion', /kafka 3.9.1 is in the image catalog, but Strimzi 1.2 runs only 4.2.x and 4.3.x/)
  })

  it('dedicatedControllers on another engine (the CRD rule)', () => {
    blocked(sync(databaseCluster('pg', { ...SEED_SPEC, dedicatedControllers: true })), 'InvalidSpec', /dedicatedControllers applies to kafka only/)
  })
})

describe('kafka: an existing cluster', () => {
  it('a blocked spec keeps every child exactly as last applied', () => {
    const { parent, children } = changed('logs', spec({ monitoring: { enabled: true } }), spec({ monitoring: { enabled: true }, version: '9.9' }))
    const res = sync(parent, children, [], LATER)
    expect(sorted(res.children)).toEqual(sorted(children.map(lastAppliedOf)))
    expect(res.status.phase).toBe('Pending')
  })

  it('a downgrade is refused; an upgrade raises the version and the metadata version together', () => {
    const down = changed('logs', spec({ version: '4.3.1' }), spec({ version: '4.2.1' }))
    blocked(sync(down.parent, down.children), 'VersionDowngrade', /kafka cannot go back from 4.3.1 to 4.2.1/)
    const up = changed('logs', spec({ version: '4.2.1' }), spec({ version: '4.3.1' }))
    expect((sync(up.parent, up.children).children[0]!.spec as { kafka: Obj }).kafka).toMatchObject({ version: '4.3.1', metadataVersion: '4.3-IV0', image: 'quay.io/strimzi/kafka:1.2.0-kafka-4.3.1' })
  })

  it.each<[string, Obj, Obj, [string, number, string[]][]]>([
    ['3 shared → 5: the quorum stays, 2 broker-only nodes join', spec(), spec({ clusterSize: 5 }), [['logs-dual', 3, ['controller', 'broker']], ['logs-brokers', 2, ['broker']]]],
    ['5 dedicated → 3: brokers shrink, controllers stay, no switch to dual-role', spec({ clusterSize: 5 }), spec({ clusterSize: 3 }), [['logs-controllers', 3, ['controller']], ['logs-brokers', 3, ['broker']]]],
    ['1 → 3: the single quorum node stays, 2 brokers join', spec({ clusterSize: 1 }), spec({ clusterSize: 3 }), [['logs-dual', 1, ['controller', 'broker']], ['logs-brokers', 2, ['broker']]]],
  ])('%s', (_name, first, next, expected) => {
    const { parent, children } = changed('logs', first, next)
    const res = sync(parent, children)
    expect(pools(res)).toEqual(expected)
    for (const c of res.children) expectValidChild(c)
    expect(strimziProblems(res.children)).toEqual([])
  })

  it('a broker-only pool is never deleted: back at the quorum size it stays, at 0 replicas', () => {
    const five = databaseCluster('logs', spec({ clusterSize: 5, dedicatedControllers: false }))
    const { parent, children } = { parent: databaseCluster('logs', spec({ dedicatedControllers: false }), { generation: 2 }), children: applied(five) }
    expect(pools(sync(parent, children))).toEqual([['logs-dual', 3, ['controller', 'broker']], ['logs-brokers', 0, ['broker']]])
  })

  it.each<[string, Obj, Obj, string, RegExp]>([
    ['shrinking below the shared quorum', spec(), spec({ clusterSize: 2 }), 'QuorumFixed', /3 dual-role nodes hold the KRaft controller quorum, which Strimzi cannot shrink; clusterSize cannot go below 3/],
    ['moving to dedicated controllers', spec(), spec({ dedicatedControllers: true }), 'LayoutFixed', /runs controllers shared with the brokers; dedicatedControllers cannot change/],
    ['moving to shared controllers', spec({ clusterSize: 5 }), spec({ clusterSize: 5, dedicatedControllers: false }), 'LayoutFixed', /runs dedicated controllers; dedicatedControllers cannot change/],
  ])('refused: %s, children kept', (_name, first, next, reason, message) => {
    const { parent, children } = changed('logs', first, next)
    const res = sync(parent, children)
    blocked(res, reason, message)
    expect(sorted(res.children)).toEqual(sorted(children.map(lastAppliedOf)))
  })

  it('an engine change (behind the immutability rule) keeps the Kafka children', () => {
    const { parent, children } = changed('logs', spec(), { ...SEED_SPEC })
    const res = sync(parent, children)
    expect(sorted(res.children)).toEqual(sorted(children.map(lastAppliedOf)))
    expect(condition(res.status, 'Ready')).toMatchObject({ reason: 'EngineChanged' })
  })

  it('an observed pool without its last-applied annotation makes the hook fail (HTTP 500), never guess its quorum', () => {
    const { parent, children } = changed('logs', spec(), spec({ clusterSize: 5 }))
    const stripped = children.map((c) => (c.kind === 'KafkaNodePool' ? { ...c, metadata: { ...c.metadata, annotations: {} } } : c))
    expect(() => sync(parent, stripped)).toThrow(HookError)
    expect(() => sync(parent, stripped)).toThrow(new RegExp(LAST_APPLIED))
  })
})
