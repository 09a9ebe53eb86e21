/** How a batch/v1 Job ended, from its observed status: Complete (or a succeeded pod), Failed, or not yet. */
import type { KObject } from './kube.js'
import { field, numberField } from './observed.js'

export type JobOutcome = 'succeeded' | 'failed' | 'running'

function conditionTrue(job: KObject, type: string): boolean {
  const conditions = field(job, 'status', 'conditions')
  return Array.isArray(conditions) && conditions.some((c: unknown) => field(c, 'type') === type && field(c, 'status') === 'True')
}

export function jobOutcome(job: KObject): JobOutcome {
  if (conditionTrue(job, 'Complete') || (numberField(job, 'status', 'succeeded') ?? 0) > 0) return 'succeeded'
  return conditionTrue(job, 'Failed') ? 'failed' : 'running'
}
