/**
 * Step 7, dataSource: the second step of an in-place restore (restore-plan.ts).
 * The Restore is emitted once the cluster is ready; from then on the observed
 * Restore, and the credentials it reads, are kept exactly as last applied.
 */
import { buildCredentialsSecret } from '../../shared/credentials-secret.js'
import type { KObject } from '../../shared/kube.js'
import { clusterLabels } from '../../shared/labels.js'
import { lastApplied } from '../../shared/observed.js'
import { buildRestore } from '../builders/restore.js'
import { mysqlNames } from '../names.js'
import { observedRestore, observedSecret } from '../observed.js'
import type { Desired, Step, StepInput } from '../pipeline.js'
import { withExtras } from '../pipeline.js'
import { keepObservedRestore } from '../restore-plan.js'

function kept(input: StepInput): KObject[] {
  const restore = observedRestore(input)
  if (restore === undefined || !keepObservedRestore(input)) return []
  const secret = observedSecret(input, mysqlNames.restoreCredentials(input.cluster.name))
  return [restore, ...(secret === undefined ? [] : [secret])].map(lastApplied)
}

function started(input: StepInput): KObject[] {
  const r = input.resolved.restore
  if (input.resolved.restorePhase !== 'start' || r === undefined) return []
  const { name, namespace } = input.cluster
  const labels = clusterLabels(name, 'mysql', 'restore')
  const creds = r.storage?.credentials
  const secret = creds === undefined ? [] : [buildCredentialsSecret(mysqlNames.restoreCredentials(name), namespace, labels, creds)]
  return [buildRestore({ name: mysqlNames.restore(name), namespace, labels, spec: r.spec }), ...secret]
}

export const dataSource: Step = (desired, input): Desired => {
  const children = input.resolved.restorePhase === 'observed' ? kept(input) : started(input)
  return withExtras(desired, children)
}
