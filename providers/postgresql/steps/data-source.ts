/**
 * Step 7, dataSource: bootstrap the new Cluster by recovery instead of initdb
 * (CloudNativePG restores only into a new cluster). A restore from storage
 * gets its own read-only ObjectStore so the new cluster never writes into the
 * source's archive.
 */
import { clusterLabels } from '../../shared/labels.js'
import { buildCredentialsSecret } from '../../shared/credentials-secret.js'
import { buildObjectStore } from '../builders/object-store.js'
import { pgNames } from '../names.js'
import type { Desired, Step } from '../pipeline.js'
import { withSpec } from '../pipeline.js'
import { secretData } from './backup.js'

export const dataSource: Step = (desired, { cluster, resolved }): Desired => {
  const ds = resolved.dataSource
  if (ds === undefined) return desired
  const { name, namespace } = cluster
  const next = withSpec(desired, { bootstrap: ds.bootstrap, ...(ds.externalClusters === undefined ? {} : { externalClusters: ds.externalClusters }) })
  if (ds.keptChildren !== undefined) return { ...next, extras: [...next.extras, ...ds.keptChildren] }
  const store = ds.restoreStore
  if (store === undefined) return next
  const labels = clusterLabels(name, 'postgresql', 'restore')
  const data = secretData(store.location, store.credentials)
  const secretName = Object.keys(data).length === 0 ? undefined : pgNames.restoreCredentials(name)
  const objectStore = buildObjectStore({
    name: pgNames.restoreSource(name),
    namespace,
    labels,
    location: store.location,
    pathNamespace: store.namespace,
    credentialsSecret: secretName,
    credentialKeys: Object.keys(data),
  })
  const secrets = secretName === undefined ? [] : [buildCredentialsSecret(secretName, namespace, labels, data)]
  return { ...next, extras: [...next.extras, ...secrets, objectStore] }
}
