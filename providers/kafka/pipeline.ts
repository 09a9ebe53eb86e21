/**
 * The seed's Applier for Kafka as data flow: each step takes the desired state
 * so far and returns the next, in a fixed order. A step never mutates its input.
 */
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import { type PipelineStep, runPipeline } from '../shared/pipeline.js'
import type { KObject } from '../shared/kube.js'
import { mergePatch } from '../shared/merge-patch.js'
import type { KafkaResolved } from './resolve.js'

type Spec = Record<string, unknown>

/** The Kafka being built, its node pools, and every other child so far. */
export interface Desired {
  kafka: KObject & { spec: Spec }
  pools: (KObject & { spec: Spec })[]
  extras: KObject[]
}

export interface StepInput extends ClusterInput {
  resolved: KafkaResolved
}

export type Step = PipelineStep<Desired, StepInput>

export { runPipeline }

/** Merge `patch` into the Kafka spec (objects merge key by key; anything else replaces). */
export function withKafka(desired: Desired, patch: Spec): Desired {
  return { ...desired, kafka: { ...desired.kafka, spec: mergePatch(desired.kafka.spec, patch) as Spec } }
}

/** Merge `patch(pool)` into every pool's spec. */
export function withPools(desired: Desired, patch: (pool: KObject) => Spec): Desired {
  return { ...desired, pools: desired.pools.map((p) => ({ ...p, spec: mergePatch(p.spec, patch(p)) as Spec })) }
}
