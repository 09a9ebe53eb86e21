/**
 * Golden DatabaseCluster scenarios for the engines besides PostgreSQL: first
 * sync with backups configured, steady state with the operator's status, the
 * restore step, and an invalid spec keeping the children. Written under
 * test/golden/<engine>/.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { syncDatabaseCluster } from '../../providers/database-cluster/sync.js'
import { allProviders } from '../../providers/database-cluster/registry.js'
import type { ReconcileContext } from '../../providers/shared/context.js'
import type { CompositeSyncRequest, KObject } from '../../providers/shared/kube.js'
import { CTX, LATER, S3_CLASS, S3_SECRET, databaseCluster, sync, syncRequest } from '../support/clusters.js'
import { applyChild } from '../support/metacontroller.js'

interface EngineCase {
  spec: Record<string, unknown>
  /** Engines that restore in place: a spec with a data source. */
  restoreSpec?: Record<string, unknown>
  /** Status the operator writes on the main object when healthy. */
  healthy: Record<string, unknown>
}

const CASES: Record<string, EngineCase> = {
  kafka: {
    spec: { engine: 'kafka', clusterSize: 3, storage: '50Gi', monitoring: { enabled: true } },
    healthy: { observedGeneration: 1, clusterId: 'XP9FP2P-RByvEy0W4cOEUA', kafkaVersion: '4.3.1', kafkaMetadataVersion: '4.3-IV0', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:05:00Z' }], listeners: [{ name: 'plain', addresses: [{ host: 'db-kafka-bootstrap.team-a.svc', port: 9092 }], bootstrapServers: 'db-kafka-bootstrap.team-a.svc:9092' }] },
  },
  mongodb: {
    spec: { engine: 'mongodb', clusterSize: 3, storage: '20Gi', backup: { storageClassName: 's3-default', schedules: [{ name: 'nightly', schedule: '0 2 * * *', retentionCopies: 7 }] } },
    restoreSpec: { engine: 'mongodb', clusterSize: 3, storage: '20Gi', dataSource: { backupName: 'events-nightly-1' } },
    healthy: { state: 'ready', replsets: { rs0: { size: 3, ready: 3, status: 'ready', initialized: true, members: { 'db-rs0-0': { stateStr: 'PRIMARY' }, 'db-rs0-1': { stateStr: 'SECONDARY' }, 'db-rs0-2': { stateStr: 'SECONDARY' } } } }, ready: 3, size: 3, mongoVersion: '8.0.19-7', host: 'db-rs0.team-a.svc.cluster.local' },
  },
  mysql: {
    spec: { engine: 'mysql', clusterSize: 3, storage: '20Gi', proxy: { enabled: true }, backup: { storageClassName: 's3-default', schedules: [{ name: 'nightly', schedule: '0 2 * * *', retentionCopies: 7 }] } },
    restoreSpec: { engine: 'mysql', clusterSize: 3, storage: '20Gi', dataSource: { backupName: 'shop-nightly-1' } },
    healthy: { state: 'ready', pxc: { size: 3, ready: 3, status: 'ready', version: '8.4.7-7.1' }, haproxy: { size: 2, ready: 2, status: 'ready' }, ready: 5, size: 5, host: 'db-haproxy.team-a' },
  },
}

function applied(parent: KObject, related: KObject[], status: Record<string, unknown> | undefined): KObject[] {
  return sync(parent, [], related).children.map((c, i) => applyChild(c, parent, i === 0 ? status : undefined, i + 1))
}

function scenarios(engine: string, c: EngineCase): { name: string; request: CompositeSyncRequest; ctx: ReconcileContext }[] {
  const related = [S3_CLASS, S3_SECRET]
  const parent = databaseCluster('db', c.spec)
  const running = applied(parent, related, c.healthy)
  const withStatus = { ...parent, status: sync(parent, [], related).status }
  const restoring = c.restoreSpec === undefined ? undefined : databaseCluster('db', c.restoreSpec)
  return [
    { name: 'first-sync-with-backups', request: syncRequest(parent, [], related), ctx: CTX },
    { name: 'steady-state', request: syncRequest(withStatus, running, related), ctx: LATER },
    ...(restoring === undefined ? [] : [{ name: 'restore-second-step', request: syncRequest(restoring, applied(restoring, [], c.healthy)), ctx: LATER }]),
    { name: 'invalid-spec-keeps-children', request: syncRequest(databaseCluster('db', { ...c.spec, version: '1.0' }, { generation: 2, status: withStatus.status }), running, related), ctx: LATER },
  ].map((s) => ({ ...s, name: `${engine}/${s.name}` }))
}

const dir = path.join(import.meta.dirname)
const yaml = (value: unknown) => YAML.stringify(value, { lineWidth: 0, aliasDuplicateObjects: false })

describe('golden engine scenarios', () => {
  const engines = allProviders().map((p) => p.engine).filter((e) => e !== 'postgresql')

  it('covers every engine provider', () => {
    expect(engines.filter((e) => CASES[e] === undefined)).toEqual([])
  })

  for (const engine of engines) {
    const c = CASES[engine]
    if (c === undefined) continue
    for (const { name, request, ctx } of scenarios(engine, c)) {
      it(name, async () => {
        await expect(yaml(request)).toMatchFileSnapshot(path.join(dir, `${name}.request.yaml`))
        const response = syncDatabaseCluster(YAML.parse(yaml(request)) as CompositeSyncRequest, ctx)
        await expect(yaml(response)).toMatchFileSnapshot(path.join(dir, `${name}.response.yaml`))
      })
    }
  }
})
