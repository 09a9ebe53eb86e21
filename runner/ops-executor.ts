/**
 * The OpsRequest executor: a short-lived Job that carries out exactly the
 * plan its hook computed (mounted at PLAN_PATHS.plan), reports the result in
 * its result ConfigMap, and exits 0 only when every step succeeded.
 */
import fs from 'node:fs'
import { KubeConfig } from '@kubernetes/client-node'
import pino from 'pino'
import { OpsPlan, PLAN_PATHS, RESULT_KEY, type PlanResult } from '../api/ops-plan.js'
import { parserFor } from '../api/validate.js'
import { executePlan } from './ops/execute.js'
import { writeResult } from './result-config-map.js'
import { kubePlanClient } from './ops/kube-client.js'

const parsePlan = parserFor<OpsPlan>(OpsPlan)

export function readPlan(path: string): OpsPlan {
  const parsed = parsePlan(JSON.parse(fs.readFileSync(path, 'utf8')))
  if (!parsed.ok) throw new Error(`the plan at ${path} is invalid: ${parsed.errors.join('; ')}`)
  for (const step of parsed.value.steps) {
    if (step.target.namespace !== parsed.value.opsRequest.namespace) throw new Error(`the plan reaches outside namespace ${parsed.value.opsRequest.namespace}`)
  }
  return parsed.value
}

async function report(kc: KubeConfig, plan: OpsPlan, result: PlanResult): Promise<void> {
  await writeResult(kc, { namespace: plan.opsRequest.namespace, configMap: plan.result.configMap, key: RESULT_KEY, fieldManager: `dbaas-ops-${plan.opsRequest.name}` }, result)
}

export async function runExecutor(options: { planPath: string; kubeConfig: KubeConfig; logger: pino.Logger }): Promise<number> {
  const { logger } = options
  const plan = readPlan(options.planPath)
  const log = logger.child({ opsRequest: `${plan.opsRequest.namespace}/${plan.opsRequest.name}` })
  log.info({ summary: plan.summary, steps: plan.steps.length }, 'executing plan')
  const result = await executePlan(plan, kubePlanClient(options.kubeConfig, `dbaas-ops-${plan.opsRequest.name}`), (message) => { log.info(message); })
  try {
    await report(options.kubeConfig, plan, result)
  } catch (error: unknown) {
    log.error({ err: error instanceof Error ? error.message : String(error) }, 'could not write the result ConfigMap')
  }
  log[result.ok ? 'info' : 'error']({ ok: result.ok }, result.ok ? 'plan done' : 'plan failed')
  return result.ok ? 0 : 1
}

const isMain = process.argv[1]?.endsWith('ops-executor.js') === true || process.argv[1]?.endsWith('ops-executor.ts') === true
if (isMain) {
  const kubeConfig = new KubeConfig()
  kubeConfig.loadFromDefault()
  const logger = pino({ formatters: { level: (label) => ({ level: label }) }, timestamp: pino.stdTimeFunctions.isoTime })
  runExecutor({ planPath: process.env.DBAAS_PLAN ?? PLAN_PATHS.plan, kubeConfig, logger })
    .then((code) => {
      process.exitCode = code
    })
    .catch((error: unknown) => {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'executor failed')
      process.exitCode = 2
    })
}
