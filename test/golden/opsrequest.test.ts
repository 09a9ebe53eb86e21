/**
 * Golden Metacontroller v2 requests and responses for the OpsRequest
 * controller: each lifecycle situation, and the run plan of every type on
 * every engine that supports it. Written under test/golden/opsrequest/.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { CAPABILITIES } from '../../api/capabilities.js'
import { syncOpsRequest } from '../../providers/ops-request/sync.js'
import type { ReconcileContext } from '../../providers/shared/context.js'
import type { CompositeSyncRequest, KObject } from '../../providers/shared/kube.js'
import { childrenMap, relatedMap } from '../support/metacontroller.js'
import { JOB_DONE, OPS_CONTROLLER, OPS_RULES, T0, applied, at, notReady, opsRequest, opsSync, targetCluster } from '../support/ops.js'

const PARAMS: Record<string, Record<string, unknown>> = {
  HorizontalScaling: { horizontalScaling: { replicas: 5 } },
  VerticalScaling: { verticalScaling: { resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { memory: '4Gi' } } } },
  VolumeExpansion: { volumeExpansion: { storage: '20Gi' } },
  Reconfiguring: { reconfiguring: { config: [{ name: 'max_connections', value: '400' }] } },
  Backup: { backup: { name: 'before-upgrade' } },
  Switchover: { switchover: { instance: 'db-2' } },
  RebuildInstance: { rebuildInstance: { instance: 'db-3' } },
  Custom: { custom: { description: 'reload the configuration', annotations: { 'dbaas.io/reloadedAt': T0 } } },
}

const VERSIONS = { postgresql: '18', mysql: '8.4', mongodb: '8.0', kafka: '4.3.1' } as const

function clusterFor(engine: keyof typeof VERSIONS): KObject {
  const spec = { engine, version: engine === 'postgresql' ? '17' : undefined, clusterSize: 3, storage: '10Gi', backup: engine === 'kafka' ? undefined : { storageClassName: 's3', location: 'aws' } }
  return targetCluster(JSON.parse(JSON.stringify(spec)) as Record<string, unknown>, {}, 1, 'db')
}

function request(parent: KObject, related: KObject[], children: KObject[] = []): CompositeSyncRequest {
  return { controller: OPS_CONTROLLER, parent, children: childrenMap(OPS_RULES, children), related: relatedMap(related), finalizing: false }
}

function scenarios(): { name: string; request: CompositeSyncRequest; ctx: ReconcileContext }[] {
  const list: { name: string; request: CompositeSyncRequest; ctx: ReconcileContext }[] = []
  for (const engine of Object.keys(VERSIONS) as (keyof typeof VERSIONS)[]) {
    const cluster = clusterFor(engine)
    for (const type of CAPABILITIES[engine].operations) {
      const extra = type === 'Upgrade' ? { upgrade: { version: VERSIONS[engine] } } : type === 'Restore' ? { restore: { backupName: 'before-upgrade', ...(engine === 'postgresql' ? { targetClusterName: 'db-restored' } : {}) } } : (PARAMS[type] ?? {})
      const op = opsRequest(type.toLowerCase(), { clusterRef: 'db', type, ...extra })
      const c = type === 'Start' ? notReady(cluster, 'Stopped') : cluster
      list.push({ name: `${engine}-${type}-start`, request: request(op, [c]), ctx: at(T0) })
    }
  }
  const pg = clusterFor('postgresql')
  const scale = opsRequest('scale', { clusterRef: 'db', type: 'HorizontalScaling', horizontalScaling: { replicas: 5 } })
  const started = opsSync(scale, [pg], [], at(T0))
  const running = { ...scale, status: started.status }
  const kids = applied(scale, started, JOB_DONE)
  const scaled = targetCluster({ ...(pg.spec as object), clusterSize: 5 }, { readyInstances: 5 }, 2, 'db')
  list.push(
    { name: 'lifecycle-pending-unready', request: request(scale, [notReady(pg)]), ctx: at('2026-01-01T00:05:00Z') },
    { name: 'lifecycle-running-rollout', request: request(running, [notReady(pg)], kids), ctx: at('2026-01-01T00:02:00Z') },
    { name: 'lifecycle-succeeded', request: request(running, [scaled], kids), ctx: at('2026-01-01T00:06:00Z') },
    { name: 'lifecycle-failed', request: request(running, [pg], applied(scale, started, { failed: 3, conditions: [{ type: 'Failed', status: 'True' }] })), ctx: at('2026-01-01T00:02:00Z') },
    { name: 'lifecycle-timed-out', request: request(running, [notReady(pg)], kids), ctx: at('2026-01-01T00:30:00Z') },
    { name: 'lifecycle-cancelled-before-start', request: request(opsRequest('scale', { ...(scale.spec as object), cancel: true }), [pg]), ctx: at(T0) },
    { name: 'lifecycle-queued', request: request(opsRequest('later', { clusterRef: 'db', type: 'Restart' }, { created: '2026-01-01T00:00:05Z' }), [pg, running]), ctx: at('2026-01-01T00:01:00Z') },
  )
  return list
}

const dir = path.join(import.meta.dirname, 'opsrequest')
const yaml = (value: unknown) => YAML.stringify(value, { lineWidth: 0, aliasDuplicateObjects: false })

describe('golden OpsRequest sync', () => {
  for (const { name, request: req, ctx } of scenarios()) {
    it(name, async () => {
      await expect(yaml(req)).toMatchFileSnapshot(path.join(dir, `${name}.request.yaml`))
      await expect(yaml(syncOpsRequest(YAML.parse(yaml(req)) as CompositeSyncRequest, ctx))).toMatchFileSnapshot(path.join(dir, `${name}.response.yaml`))
    })
  }

  it('every supported type starts on every engine (Running with an executor), none fails at planning', () => {
    for (const s of scenarios().filter((x) => x.name.endsWith('-start') && !x.name.startsWith('lifecycle-'))) {
      const r = syncOpsRequest(s.request, s.ctx)
      expect(r.status.phase, s.name).toBe('Running')
      expect(r.children.some((c) => c.kind === 'Job'), s.name).toBe(true)
    }
  })
})
