/**
 * Strimzi's conditions mapped onto our phase and Ready condition. NotReady
 * reasons that name a spec or version problem (the exceptions Strimzi 1.2.0
 * throws for invalid resources, configuration, images and upgrades) need a
 * person and are Failed; any other reason is retried by Strimzi and counts as
 * still creating or updating.
 */
import type { Phase } from '../../../api/database-cluster.js'
import type { KafkaState } from './kafka-state.js'
import type { NodeFacts } from './nodes.js'

const FAILED = new Set([
  'InvalidResourceException',
  'InvalidConfigurationException',
  'InvalidConfigParameterException',
  'KafkaUpgradeException',
  'UnsupportedVersionException',
  'NoImageException',
])

export interface Readiness {
  phase: Phase
  ready: boolean
  reason: string
  message: string
}

function strimziSays(state: KafkaState): string {
  return [state.reason, state.message].filter((t) => t !== undefined).join(': ') || 'no reason given'
}

function notReady(state: KafkaState): Readiness {
  const message = strimziSays(state)
  if (state.reason === 'Creating') return { phase: 'Creating', ready: false, reason: 'Creating', message }
  if (state.reason !== undefined && FAILED.has(state.reason)) return { phase: 'Failed', ready: false, reason: 'ClusterFailed', message }
  return { phase: state.clusterId === undefined ? 'Creating' : 'Updating', ready: false, reason: 'ClusterNotReady', message }
}

/** Ready for the Kafka, but a generation, a pool or the broker count is not where the spec says. */
function readyButBehind(state: KafkaState, nodes: NodeFacts, brokers: number): Readiness | undefined {
  if (!state.current) {
    const message = `Strimzi has not reconciled generation ${String(state.generation ?? '?')} of the Kafka yet (last: ${String(state.observedGeneration ?? 'none')})`
    return { phase: 'Updating', ready: false, reason: 'ClusterNotReady', message }
  }
  const count = nodes.brokers === brokers ? [] : [`${String(nodes.brokers)} of ${String(brokers)} brokers running`]
  const behind = [...nodes.unsettled, ...count]
  if (behind.length > 0) return { phase: 'Updating', ready: false, reason: 'ClusterNotReady', message: [...behind, ...state.warnings].join('; ') }
  return undefined
}

/** `brokers`: how many the spec asks for. */
export function readiness(state: KafkaState | undefined, nodes: NodeFacts, brokers: number): Readiness {
  if (state === undefined) return { phase: 'Creating', ready: false, reason: 'Creating', message: 'the Strimzi Kafka does not exist yet' }
  switch (state.condition) {
    case 'ReconciliationPaused':
      return { phase: 'Pending', ready: false, reason: 'ReconciliationPaused', message: 'Strimzi\'s reconciliation of the Kafka is paused (annotation strimzi.io/pause-reconciliation); changes wait until it is removed' }
    case 'NotReady':
      return notReady(state)
    case 'Ready':
      return readyButBehind(state, nodes, brokers) ?? { phase: 'Ready', ready: true, reason: 'ClusterReady', message: `${String(brokers)} brokers ready` }
    default:
      return { phase: state.clusterId === undefined ? 'Creating' : 'Updating', ready: false, reason: 'ClusterNotReady', message: 'Strimzi has not reported on the Kafka yet' }
  }
}
