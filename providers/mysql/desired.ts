/** The MySQL children, in the seed's transformation order. */
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import { HookError } from '../shared/errors.js'
import type { KObject } from '../shared/kube.js'
import { type Desired, type Step, runPipeline } from './pipeline.js'
import { resolveMysql } from './resolve.js'
import { backup } from './steps/backup.js'
import { dataSource } from './steps/data-source.js'
import { engine } from './steps/engine.js'
import { metadata } from './steps/metadata.js'
import { monitoring } from './steps/monitoring.js'
import { overrides } from './steps/overrides.js'
import { proxy } from './steps/proxy.js'
import { scheduling } from './steps/scheduling.js'

export const PIPELINE: readonly Step[] = [metadata, engine, proxy, monitoring, scheduling, backup, dataSource, overrides]

export function desiredMysql(input: ClusterInput): KObject[] {
  const { resolved, problems } = resolveMysql(input)
  if (resolved === undefined) {
    throw new HookError('UnresolvedSpec', `desired state asked for an unresolvable spec: ${problems.map((p) => p.message).join('; ')}`)
  }
  const start: Desired = { pxc: { apiVersion: '', kind: '', metadata: { name: '' }, spec: {} }, extras: [] }
  const result = runPipeline(PIPELINE, start, { ...input, resolved })
  return [result.pxc, ...result.extras]
}
