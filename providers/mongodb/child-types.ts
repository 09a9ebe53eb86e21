/** The objects the MongoDB provider emits, and the operator's objects it reads. */
import type { ChildType } from '../shared/kube.js'

export const PSMDB_API = 'psmdb.percona.com/v1'
/** The operator release the emitted objects are written for (spec.crVersion). */
export const CR_VERSION = '1.22.0'

export const PSMDB_TYPE: ChildType = { apiVersion: PSMDB_API, kind: 'PerconaServerMongoDB', resource: 'perconaservermongodbs', stateful: true, teardown: 2 }
export const RESTORE_TYPE: ChildType = { apiVersion: PSMDB_API, kind: 'PerconaServerMongoDBRestore', resource: 'perconaservermongodbrestores', stateful: false, teardown: 1 }
export const SECRET_TYPE: ChildType = { apiVersion: 'v1', kind: 'Secret', resource: 'secrets', stateful: false, teardown: 3 }

export const MONGODB_CHILD_TYPES: readonly ChildType[] = [PSMDB_TYPE, RESTORE_TYPE, SECRET_TYPE]

/** Backups the operator writes for scheduled tasks and on-demand requests; read as related objects. */
export const BACKUP_KIND = 'PerconaServerMongoDBBackup'
export const BACKUP_RESOURCE = 'perconaservermongodbbackups'
