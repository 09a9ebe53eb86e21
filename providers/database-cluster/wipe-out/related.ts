/**
 * What the finalize hook needs to see for `deletionPolicy: WipeOut`, asked
 * for only when the spec says so: every storage class (the guard compares
 * their prefixes) and the credentials, the logical backups' class, every
 * DatabaseCluster (and, through logicalBackupRules, the namespace's
 * DatabaseBackups), the engine operator's backup objects, and what may still
 * write to the folders while the cluster's instances stop.
 */
import { API_VERSION, BACKUP_API_VERSION } from '../../../api/crds.js'
import type { ReconcileContext } from '../../shared/context.js'
import type { RelatedResourceRule } from '../../shared/kube.js'
import { storageClassRules } from '../../shared/related.js'
import type { ClusterObject, EngineProvider } from '../engine-provider.js'

export function wipeOutRules(cluster: ClusterObject, provider: EngineProvider | undefined, ctx: ReconcileContext): RelatedResourceRule[] {
  if (cluster.spec.deletionPolicy !== 'WipeOut') return []
  const logicalClass = cluster.spec.backup?.logical?.storageClassName
  const store = provider?.backupStore
  return [
    { apiVersion: BACKUP_API_VERSION, resource: 'databasebackupstorageclasses', labelSelector: {} },
    ...storageClassRules(logicalClass === undefined ? [] : [logicalClass]).filter((r) => r.resource === 'secrets'),
    // Every namespace: a cluster elsewhere may restore from our folders (dataSource.backupSource.namespace).
    { apiVersion: API_VERSION, resource: 'databaseclusters', labelSelector: {} },
    ...(store !== undefined && ctx.config.engines.includes(cluster.spec.engine) ? store.related(cluster) : []),
    ...(store?.writers?.related(cluster) ?? []),
  ]
}
