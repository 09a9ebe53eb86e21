/** The Kafka children, in the seed's transformation order (Kafka has no backup or data source step). */
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import { HookError } from '../shared/errors.js'
import type { KObject } from '../shared/kube.js'
import { type Desired, type Step, runPipeline } from './pipeline.js'
import { resolveKafka } from './resolve.js'
import { engine } from './steps/engine.js'
import { exposure } from './steps/exposure.js'
import { metadata } from './steps/metadata.js'
import { monitoring } from './steps/monitoring.js'
import { overrides } from './steps/overrides.js'
import { scheduling } from './steps/scheduling.js'

export const PIPELINE: readonly Step[] = [metadata, engine, exposure, monitoring, scheduling, overrides]

export function desiredKafka(input: ClusterInput): KObject[] {
  const { resolved, problems } = resolveKafka(input)
  if (resolved === undefined) {
    throw new HookError('UnresolvedSpec', `desired state asked for an unresolvable spec: ${problems.map((p) => p.message).join('; ')}`)
  }
  const start: Desired = { kafka: { apiVersion: '', kind: '', metadata: { name: '' }, spec: {} }, pools: [], extras: [] }
  const result = runPipeline(PIPELINE, start, { ...input, resolved })
  return [result.kafka, ...result.pools, ...result.extras]
}
