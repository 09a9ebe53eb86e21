/**
 * MySQL on the Percona Operator for MySQL based on Percona XtraDB Cluster
 * 1.19 (pxc.percona.com/v1).
 */
import type { EngineProvider } from '../database-cluster/engine-provider.js'
import { mysqlBackupStore } from './backup-store.js'
import type { RelatedResourceRule } from '../shared/kube.js'
import { storageClassRules } from '../shared/related.js'
import { MYSQL_CHILD_TYPES, PXC_API, PXC_BACKUP_RESOURCE } from './child-types.js'
import { desiredMysql } from './desired.js'
import { resolveMysql } from './resolve.js'
import { statusMysql } from './status/status.js'

export const mysqlProvider: EngineProvider = {
  engine: 'mysql',
  childTypes: MYSQL_CHILD_TYPES,
  related: (cluster, ctx) => {
    const { backup, dataSource } = cluster.spec
    const classes = [backup?.storageClassName, dataSource?.backupSource?.storageClassName].filter((n): n is string => n !== undefined)
    const rules: RelatedResourceRule[] = storageClassRules(classes)
    // Backup health and restores read the operator's backup objects; asked for only when its kinds are installed.
    if ((backup !== undefined || dataSource !== undefined) && ctx.config.engines.includes('mysql')) {
      const namespaces = new Set([cluster.namespace, dataSource?.backupSource?.namespace ?? cluster.namespace])
      for (const namespace of [...namespaces].sort()) rules.push({ apiVersion: PXC_API, resource: PXC_BACKUP_RESOURCE, namespace, labelSelector: {} })
    }
    return rules
  },
  validate: (input) => resolveMysql(input).problems,
  desired: desiredMysql,
  status: statusMysql,
  backupStore: mysqlBackupStore,
}
