/**
 * A copy of backup credentials in the database's namespace. The engine
 * operator can only read Secrets in its cluster's namespace, so the
 * administrator's labelled Secret is copied here, keys restricted to those the
 * location needs. Its data never reaches logs or status.
 */
import type { KObject } from './kube.js'

export function buildCredentialsSecret(name: string, namespace: string, labels: Record<string, string>, data: Record<string, string>): KObject {
  const sorted: Record<string, string> = {}
  for (const key of Object.keys(data).sort()) sorted[key] = data[key] ?? ''
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace, labels },
    type: 'Opaque',
    data: sorted,
  }
}

/** Base64 of an ASCII string (a region name), for Secret data. */
export function base64(text: string): string {
  return btoa(text)
}
