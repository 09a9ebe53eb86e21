/**
 * A short-lived executor Job that carries out one plan, its plan ConfigMap
 * and the ConfigMap it reports into (emitted empty; only the executor writes
 * its data, and Metacontroller's apply keeps fields it never set).
 */
import { PLAN_PATHS, type OpsPlan } from '../../../api/ops-plan.js'
import type { KObject } from '../../shared/kube.js'
import { RESTRICTED_CONTAINER } from '../../shared/security.js'

export interface ExecutorJobInput {
  name: string
  namespace: string
  labels: Record<string, string>
  serviceAccount: string
  image: string
  plan: OpsPlan
  activeDeadlineSeconds: number
}

export function buildPlanConfigMap(input: ExecutorJobInput): KObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${input.name}-plan`, namespace: input.namespace, labels: input.labels }, data: { 'plan.json': `${JSON.stringify(input.plan, null, 2)}\n` } }
}

export function buildResultConfigMap(input: ExecutorJobInput): KObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: input.plan.result.configMap, namespace: input.namespace, labels: input.labels } }
}

export function buildExecutorJob(input: ExecutorJobInput): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
    spec: {
      backoffLimit: 2,
      activeDeadlineSeconds: input.activeDeadlineSeconds,
      template: {
        metadata: { labels: input.labels },
        spec: {
          restartPolicy: 'Never',
          serviceAccountName: input.serviceAccount,
          automountServiceAccountToken: true,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'executor',
              image: input.image,
              imagePullPolicy: 'IfNotPresent',
              command: ['node', 'dist/runner/ops-executor.js'],
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
              securityContext: RESTRICTED_CONTAINER,
              volumeMounts: [{ name: 'plan', mountPath: PLAN_PATHS.plan.replace(/\/[^/]+$/, ''), readOnly: true }],
            },
          ],
          volumes: [{ name: 'plan', configMap: { name: `${input.name}-plan` } }],
        },
      },
    },
  }
}
