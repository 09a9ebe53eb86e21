/**
 * Pooler (PgBouncer) in front of the primary. Its Service carries the Pooler's
 * name; with external exposure it becomes a LoadBalancer.
 */
import type { DatabaseClusterSpec } from '../../../api/database-cluster.js'
import type { KObject } from '../../shared/kube.js'
import { CNPG_API } from '../child-types.js'

export interface PoolerInput {
  name: string
  namespace: string
  labels: Record<string, string>
  cluster: string
  spec: DatabaseClusterSpec
}

function serviceTemplate(spec: DatabaseClusterSpec, labels: Record<string, string>): Record<string, unknown> | undefined {
  if (spec.expose?.type !== 'external') return undefined
  return {
    metadata: { labels, ...(spec.expose.annotations === undefined ? {} : { annotations: spec.expose.annotations }) },
    spec: { type: 'LoadBalancer', ...(spec.expose.sourceRanges === undefined ? {} : { loadBalancerSourceRanges: spec.expose.sourceRanges }) },
  }
}

function podTemplate(spec: DatabaseClusterSpec): Record<string, unknown> | undefined {
  const resources = spec.proxy?.resources
  if (resources === undefined) return undefined
  return { spec: { containers: [{ name: 'pgbouncer', resources }] } }
}

export function buildPooler(input: PoolerInput): KObject {
  const { spec } = input
  const proxy = spec.proxy
  const parameters: Record<string, string> = {}
  for (const p of proxy?.config ?? []) parameters[p.name] = p.value
  const service = serviceTemplate(spec, input.labels)
  const template = podTemplate(spec)
  return {
    apiVersion: CNPG_API,
    kind: 'Pooler',
    metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
    spec: {
      cluster: { name: input.cluster },
      instances: spec.stopped ? 0 : (proxy?.replicas ?? 2),
      type: 'rw',
      pgbouncer: {
        poolMode: proxy?.poolMode ?? 'session',
        ...(Object.keys(parameters).length === 0 ? {} : { parameters }),
      },
      ...(service === undefined ? {} : { serviceTemplate: service }),
      ...(template === undefined ? {} : { template }),
    },
  }
}
