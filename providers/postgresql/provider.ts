/** PostgreSQL on CloudNativePG (+ the barman-cloud plugin for backups). */
import type { EngineProvider } from '../database-cluster/engine-provider.js'
import { postgresBackupStore } from './backup-store.js'
import { storageClassRules } from '../shared/related.js'
import { POSTGRESQL_CHILD_TYPES } from './child-types.js'
import { desiredPostgres } from './desired.js'
import { ownedVolumes } from './owned-volumes.js'
import { resolvePostgres } from './resolve.js'
import { statusPostgres } from './status/status.js'

export const postgresqlProvider: EngineProvider = {
  engine: 'postgresql',
  childTypes: POSTGRESQL_CHILD_TYPES,
  related: (cluster) => {
    const names = [cluster.spec.backup?.storageClassName, cluster.spec.dataSource?.backupSource?.storageClassName].filter((n): n is string => n !== undefined)
    return storageClassRules(names)
  },
  validate: (input) => resolvePostgres(input).problems,
  desired: desiredPostgres,
  status: statusPostgres,
  ownedVolumes,
  backupStore: postgresBackupStore,
}
