/**
 * Listeners. Every listener asks for SCRAM-SHA-512: with simple authorization
 * an anonymous client would get no ACLs anyway, so there is no open port.
 *
 * - `plain` 9092, internal, no TLS (SASL_PLAINTEXT): inside the cluster;
 * - `tls` 9093, internal, TLS (SASL_SSL): trust the cluster CA from the Secret
 *   `<c>-cluster-ca-cert` (key `ca.crt`);
 * - `external` 9094, a LoadBalancer per broker plus one for bootstrap, TLS,
 *   only when `expose.type` is `external`.
 *
 * Credentials are KafkaUsers (label `strimzi.io/cluster: <c>`, authentication
 * `scram-sha-512`): the User Operator writes each one's password to a Secret
 * named like the KafkaUser (keys `password`, `sasl.jaas.config`).
 */
import type { DatabaseClusterSpec } from '../../api/database-cluster.js'

export interface ListenerPlan {
  name: string
  port: number
  type: 'internal' | 'loadbalancer'
  tls: boolean
}

export function listenerPlans(spec: DatabaseClusterSpec): ListenerPlan[] {
  const plans: ListenerPlan[] = [
    { name: 'plain', port: 9092, type: 'internal', tls: false },
    { name: 'tls', port: 9093, type: 'internal', tls: true },
  ]
  if (spec.expose?.type === 'external') plans.push({ name: 'external', port: 9094, type: 'loadbalancer', tls: true })
  return plans
}

/** A listener of the Kafka spec. */
export function listener(plan: ListenerPlan, sourceRanges: readonly string[] | undefined): Record<string, unknown> {
  const configuration = plan.type === 'loadbalancer' && sourceRanges !== undefined && sourceRanges.length > 0 ? { configuration: { loadBalancerSourceRanges: [...sourceRanges] } } : {}
  return { name: plan.name, port: plan.port, type: plan.type, tls: plan.tls, authentication: { type: 'scram-sha-512' }, ...configuration }
}
