/** Writing a Job's result into the ConfigMap its controller reads back (a JSON merge patch of one data key, under the Job's own field manager). */
import { type KubeConfig, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node'

export interface ResultTarget {
  namespace: string
  configMap: string
  key: string
  fieldManager: string
}

export async function writeResult(kc: KubeConfig, target: ResultTarget, result: unknown): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(kc)
  const patch = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: target.configMap, namespace: target.namespace }, data: { [target.key]: JSON.stringify(result) } }
  await api.patch(patch, undefined, undefined, target.fieldManager, undefined, PatchStrategy.MergePatch)
}
