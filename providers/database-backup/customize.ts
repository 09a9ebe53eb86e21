/** Related objects of a DatabaseBackup: its storage class, credential Secrets and target DatabaseCluster. */
import { API_VERSION } from '../../api/crds.js'
import type { ReconcileContext } from '../shared/context.js'
import type { CustomizeRequest, CustomizeResponse, RelatedResourceRule } from '../shared/kube.js'
import { storageClassRules } from '../shared/related.js'
import { parseBackup } from './parse.js'

export function customizeDatabaseBackup(req: CustomizeRequest, ctx: ReconcileContext): CustomizeResponse {
  const parsed = parseBackup(req.parent, ctx.now)
  if (!parsed.ok) return { relatedResources: [] }
  const { spec, namespace } = parsed.value
  const rules: RelatedResourceRule[] = [...storageClassRules([spec.storageClassName])]
  if (spec.target.clusterName !== undefined) rules.push({ apiVersion: API_VERSION, resource: 'databaseclusters', namespace, names: [spec.target.clusterName] })
  return { relatedResources: rules }
}
