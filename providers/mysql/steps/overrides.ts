/**
 * Last step, the escape hatch: `engineOverrides` is merged into the
 * PerconaXtraDBCluster's spec as a JSON merge patch, for what the generic API
 * does not cover.
 */
import { mergePatch } from '../../shared/merge-patch.js'
import type { Desired, Step } from '../pipeline.js'

export const overrides: Step = (desired, { cluster }): Desired => {
  const patch = cluster.spec.engineOverrides
  if (patch === undefined) return desired
  return { ...desired, pxc: { ...desired.pxc, spec: mergePatch(desired.pxc.spec, patch) as Record<string, unknown> } }
}
