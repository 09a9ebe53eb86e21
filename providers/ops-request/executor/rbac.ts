/**
 * The executor's identity and a Role that allows exactly what its plans do:
 * each verb on each named object, plus writing its own result ConfigMaps.
 * `create` cannot be limited by name in RBAC; it is granted only for the
 * kinds a plan creates.
 */
import type { OpsPlan, PlanStep } from '../../../api/ops-plan.js'
import type { KObject } from '../../shared/kube.js'

export interface Rule {
  apiGroups: string[]
  resources: string[]
  resourceNames?: string[]
  verbs: string[]
}

function group(apiVersion: string): string {
  return apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : ''
}

function stepRules(step: PlanStep): Rule[] {
  const g = group(step.target.apiVersion)
  const r = step.target.resource
  const name = step.target.name
  switch (step.action) {
    case 'apply':
      return [{ apiGroups: [g], resources: [r], resourceNames: [name], verbs: ['get', 'patch'] }]
    case 'mergePatch':
      return [{ apiGroups: [g], resources: [step.subresource === 'status' ? `${r}/status` : r], resourceNames: [name], verbs: ['get', 'patch'] }]
    case 'delete':
      return [{ apiGroups: [g], resources: [r], resourceNames: [name], verbs: ['get', 'delete'] }]
    case 'create':
      return [{ apiGroups: [g], resources: [r], verbs: ['create'] }, { apiGroups: [g], resources: [r], resourceNames: [name], verbs: ['get'] }]
  }
}

/** One rule per (group, resource, verbs) with the names merged, in a stable order. */
export function planRules(plans: readonly OpsPlan[]): Rule[] {
  const merged = new Map<string, Rule>()
  const all = [...plans.flatMap((p) => p.steps.flatMap(stepRules)), ...plans.map((p) => ({ apiGroups: [''], resources: ['configmaps'], resourceNames: [p.result.configMap], verbs: ['get', 'patch'] }))]
  for (const rule of all) {
    const key = `${rule.apiGroups.join()}|${rule.resources.join()}|${rule.verbs.join()}|${rule.resourceNames === undefined ? '*' : 'named'}`
    const found = merged.get(key)
    if (found?.resourceNames !== undefined && rule.resourceNames !== undefined) {
      found.resourceNames = [...new Set([...found.resourceNames, ...rule.resourceNames])].sort()
    } else if (found === undefined) {
      merged.set(key, { ...rule, ...(rule.resourceNames === undefined ? {} : { resourceNames: [...rule.resourceNames] }) })
    }
  }
  return [...merged.keys()].sort().map((k) => merged.get(k) as Rule)
}

/** The identity, Role and binding; `extra` rules are for a Job that does more than its plans (the wipe's own result ConfigMap). */
export function buildExecutorRbac(name: string, namespace: string, labels: Record<string, string>, plans: readonly OpsPlan[], extra: readonly Rule[] = []): KObject[] {
  const meta = { name, namespace, labels }
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta, automountServiceAccountToken: false },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta, rules: [...planRules(plans), ...extra] },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    },
  ]
}
