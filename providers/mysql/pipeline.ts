/**
 * The seed's Applier for MySQL as data flow: each step takes the desired state
 * so far and returns the next, in a fixed order. A step never mutates its input.
 */
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import { type PipelineStep, runPipeline, withExtras } from '../shared/pipeline.js'
import type { KObject } from '../shared/kube.js'
import { mergePatch } from '../shared/merge-patch.js'
import type { MysqlResolved } from './resolve.js'

type Spec = Record<string, unknown>

/** The PerconaXtraDBCluster being built, plus every other child so far. */
export interface Desired {
  pxc: KObject & { spec: Spec }
  extras: KObject[]
}

export interface StepInput extends ClusterInput {
  resolved: MysqlResolved
}

export type Step = PipelineStep<Desired, StepInput>

export { runPipeline }

/** Merge `patch` into the PerconaXtraDBCluster spec (objects merge key by key; anything else replaces). */
export function withSpec(desired: Desired, patch: Spec): Desired {
  return { ...desired, pxc: { ...desired.pxc, spec: mergePatch(desired.pxc.spec, patch) as Spec } }
}

export { withExtras }
