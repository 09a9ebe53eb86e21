/** What the OpsRequest controller emits: executor stages only. Nothing here holds data. */
import type { ChildType } from '../shared/kube.js'

export const OPS_CHILD_TYPES: readonly ChildType[] = [
  { apiVersion: 'v1', kind: 'ServiceAccount', resource: 'serviceaccounts', stateful: false, teardown: 3 },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', resource: 'roles', stateful: false, teardown: 3 },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', resource: 'rolebindings', stateful: false, teardown: 3 },
  { apiVersion: 'v1', kind: 'ConfigMap', resource: 'configmaps', stateful: false, teardown: 3 },
  { apiVersion: 'batch/v1', kind: 'Job', resource: 'jobs', stateful: false, teardown: 1 },
]
