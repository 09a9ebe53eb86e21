/** What an engine contributes to OpsRequests: the exact steps of its imperative operations. */
import type { PlanStep } from '../../../api/ops-plan.js'
import type { KObject } from '../../shared/kube.js'
import type { OpsObject } from '../parse.js'
import type { Refusal } from '../validate.js'

export interface ImperativeInput {
  ops: OpsObject
  /** The target DatabaseCluster as observed. */
  cluster: KObject
  /** When the operation starts (stamps such as restartedAt). */
  startTime: string
}

export type Steps = { ok: true; steps: PlanStep[] } | { ok: false; refusal: Refusal }

export type EngineOps = (input: ImperativeInput) => Steps

export function ref(apiVersion: string, kind: string, resource: string, name: string, namespace: string): PlanStep['target'] {
  return { apiVersion, kind, resource, name, namespace }
}

export function refuse(reason: string, message: string): Steps {
  return { ok: false, refusal: { reason, message } }
}
