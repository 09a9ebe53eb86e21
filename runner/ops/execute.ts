/**
 * Carries out an OpsPlan: each step in order, through a client that speaks to
 * the Kubernetes API, stopping at the first failure. Nothing else is done;
 * what happened is returned step by step.
 */
import type { OpsPlan, PlanResult, PlanStep } from '../../api/ops-plan.js'

/** The API calls a plan can need. Each throws ApiError on a non-2xx answer. */
export interface PlanClient {
  apply(step: Extract<PlanStep, { action: 'apply' }>): Promise<void>
  mergePatch(step: Extract<PlanStep, { action: 'mergePatch' }>): Promise<void>
  delete(step: Extract<PlanStep, { action: 'delete' }>): Promise<void>
  create(step: Extract<PlanStep, { action: 'create' }>): Promise<void>
}

export class ApiError extends Error {
  readonly status: number
  readonly reason: string
  constructor(status: number, reason: string, message: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.reason = reason
  }
}

function describeTarget(step: PlanStep): string {
  return `${step.target.kind}/${step.target.namespace}/${step.target.name}`
}

/** Runs a call; an API error `tolerated` accepts counts as done already. */
async function tolerant(call: () => Promise<void>, done: string, tolerated: (e: ApiError) => boolean, already: string): Promise<string> {
  try {
    await call()
    return done
  } catch (error: unknown) {
    if (error instanceof ApiError && tolerated(error)) return already
    throw error
  }
}

async function runStep(client: PlanClient, step: PlanStep): Promise<string> {
  const notFound = (ignore: boolean | undefined) => (e: ApiError) => e.status === 404 && ignore === true
  switch (step.action) {
    case 'apply':
      await client.apply(step)
      return `applied as ${step.fieldManager}`
    case 'mergePatch':
      return tolerant(() => client.mergePatch(step), step.subresource === 'status' ? 'status patched' : 'patched', notFound(step.ignoreNotFound), 'already gone')
    case 'delete':
      return tolerant(() => client.delete(step), 'deleted', notFound(step.ignoreNotFound), 'already gone')
    case 'create':
      return tolerant(() => client.create(step), 'created', (e) => e.status === 409 && e.reason === 'AlreadyExists' && step.ignoreExisting, 'already exists')
  }
}

export async function executePlan(plan: OpsPlan, client: PlanClient, log: (message: string) => void): Promise<PlanResult> {
  const steps: PlanResult['steps'] = []
  for (const [index, step] of plan.steps.entries()) {
    const target = describeTarget(step)
    try {
      const message = await runStep(client, step)
      steps.push({ index, action: step.action, target, ok: true, message })
      log(`step ${index + 1}/${plan.steps.length} ${step.action} ${target}: ${message}`)
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message : String(error)
      steps.push({ index, action: step.action, target, ok: false, message })
      log(`step ${index + 1}/${plan.steps.length} ${step.action} ${target} failed: ${message}`)
      return { ok: false, steps }
    }
  }
  return { ok: true, steps }
}
