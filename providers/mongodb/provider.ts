/** MongoDB on the Percona Operator for MongoDB. */
import type { EngineProvider } from '../database-cluster/engine-provider.js'
import type { RelatedResourceRule } from '../shared/kube.js'
import { storageClassRules } from '../shared/related.js'
import { MONGODB_CHILD_TYPES, PSMDB_API } from './child-types.js'
import { desiredMongo } from './desired.js'
import { resolveMongo } from './resolve.js'
import { statusMongo } from './status.js'

export const mongodbProvider: EngineProvider = {
  engine: 'mongodb',
  childTypes: MONGODB_CHILD_TYPES,
  related: (cluster, ctx) => {
    const rules: RelatedResourceRule[] = storageClassRules(cluster.spec.backup === undefined ? [] : [cluster.spec.backup.storageClassName])
    const needsBackups = cluster.spec.dataSource?.clusterName !== undefined || cluster.spec.backup !== undefined
    // Backup health and clones read the operator's backup objects; only asked for when the PSMDB kinds are installed.
    if (needsBackups && ctx.config.engines.includes('mongodb')) rules.push({ apiVersion: PSMDB_API, resource: 'perconaservermongodbbackups', namespace: cluster.namespace, labelSelector: {} })
    return rules
  },
  validate: (input) => resolveMongo(input).problems,
  desired: desiredMongo,
  status: statusMongo,
}
