/**
 * An OpsRequest's executor stages — `run`, `rollback` (cancel) and `ttl`
 * (deletes the finished OpsRequest, since Metacontroller cannot delete a
 * parent) — as children: a Job per stage, its plan and result ConfigMaps,
 * and one ServiceAccount/Role/RoleBinding allowing exactly what the plans do.
 */
import type { OpsPlan, PlanStep, PlanResult } from '../../api/ops-plan.js'
import { PlanResult as PlanResultSchema, RESULT_KEY } from '../../api/ops-plan.js'
import { parserFor } from '../../api/validate.js'
import type { ReconcileContext } from '../shared/context.js'
import type { KObject, ObjectMap } from '../shared/kube.js'
import { LABEL_COMPONENT, LABEL_INSTANCE, LABEL_MANAGED_BY, LABEL_NAME, LABEL_PART_OF, MANAGED_BY } from '../shared/labels.js'
import { childName } from '../shared/names.js'
import { findObject, stringField } from '../shared/observed.js'
import { buildExecutorJob, buildPlanConfigMap, buildResultConfigMap } from './executor/job.js'
import { buildExecutorRbac } from './executor/rbac.js'
import type { OpsObject } from './parse.js'
import { jobOutcome } from '../shared/job-outcome.js'

export type Stage = 'run' | 'rollback' | 'ttl'

export const opsNames = {
  executor: (ops: string) => childName(ops, 'executor'),
  job: (ops: string, stage: Stage) => childName(ops, stage),
  result: (ops: string, stage: Stage) => childName(ops, `${stage}-result`),
}

export function opsLabels(ops: OpsObject): Record<string, string> {
  return { [LABEL_NAME]: 'ops-executor', [LABEL_INSTANCE]: ops.name, [LABEL_COMPONENT]: 'ops-executor', [LABEL_PART_OF]: 'dbaas', [LABEL_MANAGED_BY]: MANAGED_BY, 'dbaas.io/ops-request': ops.name, 'dbaas.io/cluster': ops.spec.clusterRef }
}

export function planFor(ops: OpsObject, stage: Stage, summary: string, steps: PlanStep[]): OpsPlan {
  return { apiVersion: 'dbaas.io/v1alpha1', kind: 'OpsPlan', opsRequest: { name: ops.name, namespace: ops.namespace, uid: ops.uid }, summary, steps, result: { configMap: opsNames.result(ops.name, stage) } }
}

/** Every child for the given plans, one stage each. */
export function stageChildren(ops: OpsObject, plans: { stage: Stage; plan: OpsPlan; deadline: number }[], ctx: ReconcileContext): KObject[] {
  if (plans.length === 0) return []
  const labels = opsLabels(ops)
  const sa = opsNames.executor(ops.name)
  const jobs = plans.flatMap(({ stage, plan, deadline }) => {
    const input = { name: opsNames.job(ops.name, stage), namespace: ops.namespace, labels, serviceAccount: sa, image: ctx.config.runnerImage, plan, activeDeadlineSeconds: deadline }
    return [buildPlanConfigMap(input), buildResultConfigMap(input), buildExecutorJob(input)]
  })
  return [...buildExecutorRbac(sa, ops.namespace, labels, plans.map((p) => p.plan)), ...jobs]
}

export type JobState = { state: 'absent' } | { state: 'active' } | { state: 'succeeded'; completedAt: string | undefined } | { state: 'failed'; message: string }

const parseResult = parserFor<PlanResult>(PlanResultSchema)

function resultMessage(children: ObjectMap, ops: OpsObject, stage: Stage): string | undefined {
  const cm = findObject(children, 'v1', 'ConfigMap', opsNames.result(ops.name, stage), ops.namespace)
  const text = stringField(cm, 'data', RESULT_KEY)
  if (text === undefined) return undefined
  try {
    const parsed = parseResult(JSON.parse(text))
    if (!parsed.ok) return undefined
    const failed = parsed.value.steps.find((s) => !s.ok)
    return failed === undefined ? undefined : `step ${failed.index + 1} (${failed.action} ${failed.target}) failed: ${failed.message}`
  } catch {
    return undefined
  }
}

/** The state of a stage's Job, from its observed status (and the executor's result on failure). */
export function jobState(children: ObjectMap, ops: OpsObject, stage: Stage): JobState {
  const job = findObject(children, 'batch/v1', 'Job', opsNames.job(ops.name, stage), ops.namespace)
  if (job === undefined) return { state: 'absent' }
  const outcome = jobOutcome(job)
  if (outcome === 'succeeded') return { state: 'succeeded', completedAt: stringField(job, 'status', 'completionTime') }
  if (outcome === 'failed') {
    const reason = resultMessage(children, ops, stage) ?? `the executor Job failed; see kubectl logs job/${opsNames.job(ops.name, stage)} -n ${ops.namespace}`
    return { state: 'failed', message: reason }
  }
  return { state: 'active' }
}
