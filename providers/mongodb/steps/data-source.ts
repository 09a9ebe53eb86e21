/**
 * Step 7, dataSource: the second step of an in-place restore. Once the
 * PerconaServerMongoDB created for it reports ready, the Restore is created
 * (with credentials copied for it when it reads a storage class location).
 * An observed Restore is kept exactly as applied while spec.dataSource is
 * set; one that was started is never created again (restore-state.ts).
 */
import { buildCredentialsSecret } from '../../shared/credentials-secret.js'
import { clusterLabels } from '../../shared/labels.js'
import { lastApplied } from '../../shared/observed.js'
import { buildRestore } from '../builders/restore.js'
import { mongoNames } from '../names.js'
import { observedPsmdb, observedSecret, psmdbReady } from '../observed.js'
import type { Desired, Step } from '../pipeline.js'
import { withExtras } from '../pipeline.js'
import { restorePending } from '../restore-state.js'

export const dataSource: Step = (desired, input): Desired => {
  const { cluster, resolved } = input
  const { restore, restoreSource } = resolved
  if (cluster.spec.dataSource === undefined) return desired
  const { name, namespace } = cluster
  if (restore.observed !== undefined) {
    const secret = observedSecret(input, mongoNames.restoreCredentials(name))
    return withExtras(desired, [...(secret === undefined ? [] : [lastApplied(secret)]), lastApplied(restore.observed)])
  }
  if (!restorePending(restore) || restoreSource === undefined || !psmdbReady(observedPsmdb(input))) return desired
  const data = restoreSource.credentials
  const secrets = data === undefined ? [] : [buildCredentialsSecret(mongoNames.restoreCredentials(name), namespace, clusterLabels(name, 'mongodb', 'restore'), data)]
  return withExtras(desired, [...secrets, buildRestore(name, namespace, restoreSource.spec)])
}
