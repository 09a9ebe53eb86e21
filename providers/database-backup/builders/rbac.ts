/**
 * The runner's identity and the least it may do: hold its Lease (one runner
 * at a time, even during a rollout) and write its report ConfigMap. Nothing
 * else: credentials are mounted, never read through the API.
 */
import type { KObject } from '../../shared/kube.js'

export interface RbacInput {
  name: string
  namespace: string
  labels: Record<string, string>
  lease: string
  report: string
}

export function buildServiceAccount(input: RbacInput): KObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: input.name, namespace: input.namespace, labels: input.labels }, automountServiceAccountToken: false }
}

export function buildRole(input: RbacInput): KObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
    rules: [
      // create cannot be limited by name in RBAC; the runner only ever creates its own Lease.
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [input.lease], verbs: ['get', 'update'] },
      { apiGroups: [''], resources: ['configmaps'], resourceNames: [input.report], verbs: ['get', 'patch', 'update'] },
    ],
  }
}

export function buildRoleBinding(input: RbacInput): KObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: input.name },
    subjects: [{ kind: 'ServiceAccount', name: input.name, namespace: input.namespace }],
  }
}
