/**
 * Properties of the OpsRequest lifecycle: a final phase is final, and the
 * per-cluster queue never lets two operations run on one cluster.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { FINAL_PHASES, OPS_PHASES } from '../../api/ops-request.js'
import { OPS_TYPES } from '../../api/capabilities.js'
import type { KObject } from '../../providers/shared/kube.js'
import { JOB_DONE, JOB_FAILED, T0, applied, at, notReady, opsRequest, opsSync, targetCluster } from '../support/ops.js'

const params: Record<string, Record<string, unknown>> = {
  HorizontalScaling: { horizontalScaling: { replicas: 5 } },
  VerticalScaling: { verticalScaling: { resources: { requests: { cpu: '2' } } } },
  VolumeExpansion: { volumeExpansion: { storage: '20Gi' } },
  Reconfiguring: { reconfiguring: { config: [{ name: 'work_mem', value: '8MB' }] } },
  Upgrade: { upgrade: { version: '18' } },
  Restore: { restore: { backupName: 'b', targetClusterName: 'restored' } },
  RebuildInstance: { rebuildInstance: { instance: 'postgresql-demo-2' } },
  Custom: { custom: { description: 'reload', annotations: { 'cnpg.io/reloadedAt': T0 } } },
}

const spec = fc.record({ type: fc.constantFrom(...OPS_TYPES), cancel: fc.boolean(), timeoutSeconds: fc.constantFrom(60, 1800) }).map((s) => ({ clusterRef: 'postgresql-demo', ...s, ...(params[s.type] ?? {}) }))
const clusterState = fc.constantFrom('ready', 'updating', 'stopped', 'absent')
const time = fc.integer({ min: 0, max: 10 * 86400 }).map((s) => new Date(Date.parse(T0) + s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'))

function cluster(state: string): KObject[] {
  const c = targetCluster({ engine: 'postgresql', clusterSize: 3, storage: '10Gi', backup: { storageClassName: 's3' } })
  if (state === 'absent') return []
  if (state === 'stopped') return [notReady(c, 'Stopped')]
  return [state === 'ready' ? c : notReady(c)]
}

describe('OpsRequest properties', () => {
  test.prop([spec, fc.constantFrom(...FINAL_PHASES), clusterState, time, fc.constantFrom(undefined, JOB_DONE, JOB_FAILED)], { numRuns: 500 })(
    'a final phase never changes again',
    (s, phase, state, now, job) => {
      const parent = opsRequest('op', s, { status: { phase, startTime: T0, completionTime: T0 } })
      const seed = opsSync(opsRequest('op', s), cluster('ready'), [], at(T0))
      const children = job === undefined ? [] : applied(parent, seed, job)
      expect(opsSync(parent, cluster(state), children, at(now)).status.phase).toBe(phase)
    },
  )

  test.prop([fc.array(fc.record({ phase: fc.constantFrom(...OPS_PHASES, undefined), type: fc.constantFrom('Restart', 'Stop', 'Start', 'HorizontalScaling', 'Backup'), offset: fc.nat(100), cont: fc.boolean() }), { minLength: 2, maxLength: 6 }), clusterState], { numRuns: 500 })(
    'the queue never runs two operations on one cluster',
    (entries, state) => {
      const ops = entries.map((e, i) =>
        opsRequest(`op-${i}`, { clusterRef: 'postgresql-demo', type: e.type, onPredecessorFailure: e.cont ? 'Continue' : 'Wait', ...(params[e.type] ?? {}) }, {
          created: new Date(Date.parse(T0) + e.offset * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          ...(e.phase === undefined ? {} : { status: { phase: e.phase, ...(e.phase === 'Running' ? { startTime: T0 } : {}) } }),
        }),
      )
      const related = [...cluster(state), ...ops]
      const running = ops.filter((o) => {
        const before = (o.status as { phase?: string } | undefined)?.phase
        const after = opsSync(o, related, [], at('2026-01-01T00:00:10Z')).status.phase
        return after === 'Running' && (before === undefined || before === 'Pending' || before === 'Running')
      })
      const alreadyRunning = ops.filter((o) => (o.status as { phase?: string } | undefined)?.phase === 'Running')
      const newlyStarted = running.filter((o) => !alreadyRunning.includes(o))
      if (alreadyRunning.length > 0) expect(newlyStarted).toEqual([])
      expect(newlyStarted.length).toBeLessThanOrEqual(1)
    },
  )
})
