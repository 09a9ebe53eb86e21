/**
 * The seed's Applier as data flow: each step takes the desired state so far
 * and returns the next, in a fixed order. A step never mutates its input.
 */
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import { type PipelineStep, runPipeline, withExtras } from '../shared/pipeline.js'
import type { KObject } from '../shared/kube.js'
import type { MongoResolved } from './resolve.js'

type Spec = Record<string, unknown>

/** The PerconaServerMongoDB being built, plus every other child so far. */
export interface Desired {
  psmdb: KObject & { spec: Spec }
  extras: KObject[]
}

export interface StepInput extends ClusterInput {
  resolved: MongoResolved
}

export type Step = PipelineStep<Desired, StepInput>

export { runPipeline }

/** A shallow spec update that keeps the rest of the PerconaServerMongoDB as it is. */
export function withSpec(desired: Desired, patch: Spec): Desired {
  return { ...desired, psmdb: { ...desired.psmdb, spec: { ...desired.psmdb.spec, ...patch } } }
}

/** The rs0 replica set (replsets[0]) with `patch` added. */
export function withReplset(desired: Desired, patch: Spec): Desired {
  const [rs, ...rest] = (desired.psmdb.spec.replsets as Spec[] | undefined) ?? [{}]
  return withSpec(desired, { replsets: [{ ...rs, ...patch }, ...rest] })
}

/** A sharding component (`configsvrReplSet`, `mongos`) with `patch` added, when sharding is on. */
export function withShardingPart(desired: Desired, part: 'configsvrReplSet' | 'mongos', patch: Spec): Desired {
  const sharding = desired.psmdb.spec.sharding as Spec | undefined
  const current = sharding?.[part] as Spec | undefined
  if (sharding === undefined || current === undefined) return desired
  return withSpec(desired, { sharding: { ...sharding, [part]: { ...current, ...patch } } })
}

export { withExtras }
