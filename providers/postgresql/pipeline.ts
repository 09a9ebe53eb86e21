/**
 * The seed's Applier as data flow: each step takes the desired state so far
 * and returns the next, in a fixed order. A step never mutates its input.
 */
import type { KObject } from '../shared/kube.js'
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import { type PipelineStep, runPipeline } from '../shared/pipeline.js'
import type { PgResolved } from './resolve.js'

/** The CloudNativePG Cluster being built, plus every other child so far. */
export interface Desired {
  cluster: KObject & { spec: Record<string, unknown> }
  extras: KObject[]
}

export interface StepInput extends ClusterInput {
  resolved: PgResolved
}

export type Step = PipelineStep<Desired, StepInput>

export { runPipeline }

/** A shallow spec update that keeps the rest of the Cluster as it is. */
export function withSpec(desired: Desired, patch: Record<string, unknown>): Desired {
  return { ...desired, cluster: { ...desired.cluster, spec: { ...desired.cluster.spec, ...patch } } }
}
