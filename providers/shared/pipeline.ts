/**
 * The seed's Applier as data flow, for every engine: each step takes the
 * desired state so far and returns the next, in a fixed order, never
 * mutating its input. Each engine names its own Desired shape (its main
 * object, node pools, …) and what its steps read.
 */
import type { KObject } from './kube.js'

export type PipelineStep<D, I> = (desired: D, input: I) => D

export function runPipeline<D, I>(steps: readonly PipelineStep<D, I>[], start: D, input: I): D {
  return steps.reduce((desired, step) => step(desired, input), start)
}

/** Adds children beside the main object. */
export function withExtras<D extends { extras: KObject[] }>(desired: D, extras: readonly KObject[]): D {
  return { ...desired, extras: [...desired.extras, ...extras] }
}
