/**
 * Bootstrap endpoints from the Kafka's `status.listeners` (host and port of
 * the first address, else of `bootstrapServers`). TLS listeners name the
 * cluster CA Secret `<c>-cluster-ca-cert` (key `ca.crt`) that clients must
 * trust. Every listener authenticates with SCRAM-SHA-512: the password of a
 * KafkaUser is in the Secret named like the KafkaUser, which the generic
 * endpoint cannot name (there is one per user).
 */
import type { Endpoint } from '../../../api/database-cluster.js'
import type { KObject } from '../../shared/kube.js'
import { field, numberField, stringField } from '../../shared/observed.js'
import { kafkaNames } from '../names.js'

function tlsListeners(kafka: KObject): Set<string> {
  const list = field(kafka, 'spec', 'kafka', 'listeners')
  if (!Array.isArray(list)) return new Set()
  return new Set(list.filter((l) => field(l, 'tls') === true).map((l) => stringField(l, 'name')).filter((n): n is string => n !== undefined))
}

function address(listener: unknown): { host: string; port: number } | undefined {
  const first: unknown = (field(listener, 'addresses') as unknown[] | undefined)?.[0]
  const host = stringField(first, 'host')
  const port = numberField(first, 'port')
  if (host !== undefined && port !== undefined) return { host, port }
  const bootstrap = stringField(listener, 'bootstrapServers')?.split(',')[0]
  const match = bootstrap === undefined ? null : /^(.+):(\d+)$/.exec(bootstrap)
  return match?.[1] === undefined || match[2] === undefined ? undefined : { host: match[1], port: Number(match[2]) }
}

export function endpoints(cluster: string, kafka: KObject): Endpoint[] {
  const listeners = field(kafka, 'status', 'listeners')
  if (!Array.isArray(listeners)) return []
  const tls = tlsListeners(kafka)
  return listeners.flatMap((l: unknown): Endpoint[] => {
    const name = stringField(l, 'name')
    const at = address(l)
    if (name === undefined || at === undefined || at.port < 1 || at.port > 65535) return []
    return [{ name, role: 'bootstrap', ...at, ...(tls.has(name) ? { secretName: kafkaNames.clusterCaCert(cluster) } : {}) }]
  })
}
