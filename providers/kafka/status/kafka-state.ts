/**
 * What Strimzi says about the Kafka (child-operators.md §4c; KafkaAssemblyOperator
 * of Strimzi 1.2.0). Strimzi writes exactly one of these conditions:
 * `Ready`, `NotReady` (reason `Creating` while a new cluster is deployed,
 * else the simple name of the exception that stopped the reconciliation) or
 * `ReconciliationPaused`; plus `Warning` conditions. The status describes the
 * spec only when `observedGeneration` equals the object's own generation.
 */
import type { KObject } from '../../shared/kube.js'
import { findCondition } from '../../shared/conditions.js'
import { field, numberField, stringField } from '../../shared/observed.js'

export interface KafkaState {
  /** The condition type Strimzi reports as True, verbatim. */
  condition: 'Ready' | 'NotReady' | 'ReconciliationPaused' | undefined
  /** The status was written for the Kafka's current generation. */
  current: boolean
  generation: number | undefined
  observedGeneration: number | undefined
  reason: string | undefined
  message: string | undefined
  warnings: string[]
  clusterId: string | undefined
  kafkaVersion: string | undefined
  metadataVersion: string | undefined
  /** Pools the Kafka used in its last reconciliation. */
  poolNames: string[]
}

const TYPES = ['Ready', 'NotReady', 'ReconciliationPaused'] as const

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function warnings(conditions: unknown): string[] {
  if (!Array.isArray(conditions)) return []
  return conditions
    .filter((c) => field(c, 'type') === 'Warning' && field(c, 'status') === 'True')
    .map((c) => [stringField(c, 'reason'), stringField(c, 'message')].filter((t) => t !== undefined && t !== '').join(': '))
    .filter((t) => t !== '')
}

function poolNames(status: unknown): string[] {
  const list = field(status, 'kafkaNodePools')
  return Array.isArray(list) ? list.map((p) => stringField(p, 'name')).filter((n): n is string => n !== undefined) : []
}

export function kafkaState(kafka: KObject): KafkaState {
  const status = kafka.status
  const conditions = field(status, 'conditions')
  const condition = TYPES.find((t) => findCondition(conditions, t)?.status === 'True')
  const found = condition === undefined ? undefined : findCondition(conditions, condition)
  const generation = kafka.metadata.generation
  const observedGeneration = numberField(status, 'observedGeneration')
  return {
    condition,
    current: generation !== undefined && observedGeneration === generation,
    generation,
    observedGeneration,
    reason: text(found?.reason),
    message: text(found?.message),
    warnings: warnings(conditions),
    clusterId: stringField(status, 'clusterId'),
    kafkaVersion: stringField(status, 'kafkaVersion'),
    metadataVersion: stringField(status, 'kafkaMetadataVersion'),
    poolNames: poolNames(status),
  }
}
