/** The DatabaseCluster customize hook: which related objects sync needs, from the spec alone. */
import { API_VERSION } from '../../api/crds.js'
import type { ReconcileContext } from '../shared/context.js'
import type { CustomizeRequest, CustomizeResponse, RelatedResourceRule } from '../shared/kube.js'
import { contextFor } from './enabled.js'
import { logicalBackupRules } from './logical-backup.js'
import { operationRules } from './operations.js'
import { parseCluster } from './parse.js'
import { providerFor } from './registry.js'
import { wipeOutRules } from './wipe-out/related.js'

export function customizeDatabaseCluster(req: CustomizeRequest, base: ReconcileContext): CustomizeResponse {
  const ctx = contextFor(req.controller, base)
  const parsed = parseCluster(req.parent)
  if (!parsed.ok) return { relatedResources: [] }
  const cluster = parsed.value
  const rules: RelatedResourceRule[] = []
  const source = cluster.spec.dataSource?.clusterName
  if (source !== undefined) {
    rules.push({ apiVersion: API_VERSION, resource: 'databaseclusters', namespace: cluster.namespace, names: [source] })
  }
  rules.push(...operationRules(cluster))
  if (cluster.spec.engine !== 'kafka') rules.push(...logicalBackupRules(cluster))
  const provider = providerFor(cluster.spec.engine)
  if (provider !== undefined) rules.push(...provider.related(cluster, ctx))
  rules.push(...wipeOutRules(cluster, provider, ctx))
  return { relatedResources: rules }
}
