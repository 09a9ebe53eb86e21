/** The objects the MySQL provider emits. */
import type { ChildType } from '../shared/kube.js'

export const PXC_API = 'pxc.percona.com/v1'
/** The operator release the PerconaXtraDBCluster is written for (`spec.crVersion`). */
export const CR_VERSION = '1.19.0'
/** The operator's backup objects: read (related), never emitted. */
export const PXC_BACKUP_KIND = 'PerconaXtraDBClusterBackup'
export const PXC_BACKUP_RESOURCE = 'perconaxtradbclusterbackups'

export const PXC_TYPE: ChildType = { apiVersion: PXC_API, kind: 'PerconaXtraDBCluster', resource: 'perconaxtradbclusters', stateful: true, teardown: 2 }
export const PXC_RESTORE_TYPE: ChildType = { apiVersion: PXC_API, kind: 'PerconaXtraDBClusterRestore', resource: 'perconaxtradbclusterrestores', stateful: false, teardown: 1 }
export const SECRET_TYPE: ChildType = { apiVersion: 'v1', kind: 'Secret', resource: 'secrets', stateful: false, teardown: 3 }

export const MYSQL_CHILD_TYPES: readonly ChildType[] = [PXC_TYPE, PXC_RESTORE_TYPE, SECRET_TYPE]
