/** MySQL on the Percona Operator for MySQL based on Percona XtraDB Cluster. */
import type { EngineProvider } from '../database-cluster/engine-provider.js'
import type { RelatedResourceRule } from '../shared/kube.js'
import { storageClassRules } from '../shared/related.js'
import { MYSQL_CHILD_TYPES, PXC_API } from './child-types.js'
import { desiredMysql } from './desired.js'
import { resolveMysql } from './resolve.js'
import { statusMysql } from './status.js'

export const mysqlProvider: EngineProvider = {
  engine: 'mysql',
  childTypes: MYSQL_CHILD_TYPES,
  related: (cluster, ctx) => {
    const rules: RelatedResourceRule[] = storageClassRules(cluster.spec.backup === undefined ? [] : [cluster.spec.backup.storageClassName])
    // Backup health and clones read the operator's backup objects; only asked for when the PXC kinds are installed.
    const needsBackups = cluster.spec.dataSource?.clusterName !== undefined || cluster.spec.backup !== undefined
    if (needsBackups && ctx.config.engines.includes('mysql')) {
      rules.push({ apiVersion: PXC_API, resource: 'perconaxtradbclusterbackups', namespace: cluster.namespace, labelSelector: {} })
    }
    return rules
  },
  validate: (input) => resolveMysql(input).problems,
  desired: desiredMysql,
  status: statusMysql,
}
