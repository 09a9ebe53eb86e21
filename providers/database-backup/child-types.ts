/** The objects the DatabaseBackup controller emits. None holds data: deleting them keeps every backup. */
import type { ChildType } from '../shared/kube.js'

export const BACKUP_CHILD_TYPES: readonly ChildType[] = [
  { apiVersion: 'v1', kind: 'ServiceAccount', resource: 'serviceaccounts', stateful: false, teardown: 3 },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', resource: 'roles', stateful: false, teardown: 3 },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', resource: 'rolebindings', stateful: false, teardown: 3 },
  { apiVersion: 'v1', kind: 'Secret', resource: 'secrets', stateful: false, teardown: 3 },
  { apiVersion: 'v1', kind: 'ConfigMap', resource: 'configmaps', stateful: false, teardown: 3 },
  { apiVersion: 'apps/v1', kind: 'Deployment', resource: 'deployments', stateful: false, teardown: 1 },
  { apiVersion: 'v1', kind: 'Service', resource: 'services', stateful: false, teardown: 1 },
]
