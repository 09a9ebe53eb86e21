/**
 * Condition bookkeeping. Metacontroller replaces the whole status with ours, so
 * lastTransitionTime is carried over from the previous status unless the
 * condition's status flips; otherwise every call would write a new status and
 * trigger the hook again.
 */
import type { Condition } from '../../api/k8s-schema.js'

export type ConditionStatus = Condition['status']

export interface ConditionInput {
  type: string
  status: ConditionStatus
  reason: string
  message: string
}

function readPrevious(previous: unknown): Condition[] {
  if (!Array.isArray(previous)) return []
  return previous.filter((c): c is Condition => typeof c === 'object' && c !== null && typeof (c as Condition).type === 'string')
}

/** The conditions to write, in the order given, with transition times carried over where nothing flipped. */
export function computeConditions(inputs: readonly ConditionInput[], previous: unknown, generation: number, now: string): Condition[] {
  const before = readPrevious(previous)
  return inputs.map((input) => {
    const old = before.find((c) => c.type === input.type)
    const unchanged = old !== undefined && old.status === input.status && typeof old.lastTransitionTime === 'string'
    return {
      type: input.type,
      status: input.status,
      observedGeneration: generation,
      lastTransitionTime: unchanged ? old.lastTransitionTime : now,
      reason: input.reason,
      message: input.message,
    }
  })
}

export function findCondition(conditions: unknown, type: string): { status?: unknown; reason?: unknown; message?: unknown } | undefined {
  if (!Array.isArray(conditions)) return undefined
  const found: unknown = conditions.find((c: unknown) => typeof c === 'object' && c !== null && (c as { type?: unknown }).type === type)
  return typeof found === 'object' && found !== null ? (found) : undefined
}
