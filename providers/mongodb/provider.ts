/** MongoDB on the Percona Operator for MongoDB 1.22 (PBM backups, PMM monitoring). */
import type { EngineProvider } from '../database-cluster/engine-provider.js'
import { mongodbBackupStore } from './backup-store.js'
import type { RelatedResourceRule } from '../shared/kube.js'
import { storageClassRules } from '../shared/related.js'
import { BACKUP_RESOURCE, MONGODB_CHILD_TYPES, PSMDB_API } from './child-types.js'
import { desiredMongo } from './desired.js'
import { resolveMongo } from './resolve.js'
import { statusMongo } from './status/status.js'

export const mongodbProvider: EngineProvider = {
  engine: 'mongodb',
  childTypes: MONGODB_CHILD_TYPES,
  related: (cluster, ctx) => {
    const { backup, dataSource } = cluster.spec
    const classes = [backup?.storageClassName, dataSource?.backupSource?.storageClassName].filter((n): n is string => n !== undefined)
    const rules: RelatedResourceRule[] = storageClassRules(classes)
    // Backup health and restore sources read the operator's backup objects; asked for only where its kinds are installed.
    if ((backup !== undefined || dataSource !== undefined) && ctx.config.engines.includes('mongodb')) {
      rules.push({ apiVersion: PSMDB_API, resource: BACKUP_RESOURCE, namespace: cluster.namespace, labelSelector: {} })
    }
    return rules
  },
  validate: (input) => resolveMongo(input).problems,
  desired: desiredMongo,
  status: statusMongo,
  backupStore: mongodbBackupStore,
}
