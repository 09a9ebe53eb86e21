/**
 * The PlanClient over @kubernetes/client-node: server-side apply and merge
 * patches through the generic object API, status patches through the custom
 * objects API, deletes with a UID precondition.
 */
import { ApiException, CustomObjectsApi, type KubeConfig, KubernetesObjectApi, type KubernetesObject, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node'
import type { PlanStep } from '../../api/ops-plan.js'
import { ApiError, type PlanClient } from './execute.js'

function toApiError(error: unknown): unknown {
  if (!(error instanceof ApiException)) return error
  const body = (typeof error.body === 'string' ? safeJson(error.body) : error.body) as { reason?: string; message?: string } | undefined
  return new ApiError(error.code, body?.reason ?? 'Unknown', body?.message ?? `HTTP ${error.code}`)
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return { message: text }
  }
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error: unknown) {
    throw toApiError(error)
  }
}

function header(step: PlanStep): KubernetesObject {
  return { apiVersion: step.target.apiVersion, kind: step.target.kind, metadata: { name: step.target.name, namespace: step.target.namespace } }
}

export function kubePlanClient(kc: KubeConfig, fieldManager: string): PlanClient {
  const objects = KubernetesObjectApi.makeApiClient(kc)
  const custom = kc.makeApiClient(CustomObjectsApi)
  return {
    apply: async (step) => {
      await call(() => objects.patch(step.object as KubernetesObject, undefined, undefined, step.fieldManager, step.force, PatchStrategy.ServerSideApply))
    },
    mergePatch: async (step) => {
      if (step.subresource === 'status') {
        const [group = '', version = ''] = step.target.apiVersion.split('/')
        const options = setHeaderOptions('Content-Type', PatchStrategy.MergePatch)
        await call(() => custom.patchNamespacedCustomObjectStatus({ group, version, namespace: step.target.namespace, plural: step.target.resource, name: step.target.name, body: step.patch, fieldManager }, options))
        return
      }
      const meta = (typeof step.patch.metadata === 'object' && step.patch.metadata !== null ? step.patch.metadata : {}) as Record<string, unknown>
      const body = { ...step.patch, apiVersion: step.target.apiVersion, kind: step.target.kind, metadata: { ...meta, name: step.target.name, namespace: step.target.namespace } }
      await call(() => objects.patch(body, undefined, undefined, fieldManager, undefined, PatchStrategy.MergePatch))
    },
    delete: async (step) => {
      const body = step.uid === undefined ? undefined : { preconditions: { uid: step.uid } }
      await call(() => objects.delete(header(step), undefined, undefined, undefined, undefined, 'Background', body))
    },
    create: async (step) => {
      await call(() => objects.create(step.object as KubernetesObject, undefined, undefined, fieldManager))
    },
  }
}
