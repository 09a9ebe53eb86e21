/**
 * The storage credentials of every location, copied from the administrator's
 * labelled Secrets into one Secret in the runner's namespace, keys
 * `<location>.<KEY>`. Mounted as files; never logged, never in status.
 */
import type { KObject } from '../../shared/kube.js'

export function buildStorageSecret(name: string, namespace: string, labels: Record<string, string>, data: Record<string, string>): KObject {
  const sorted: Record<string, string> = {}
  for (const key of Object.keys(data).sort()) sorted[key] = data[key] ?? ''
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace, labels }, type: 'Opaque', data: sorted }
}
