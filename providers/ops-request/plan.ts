/** The steps of an operation's run and rollback stages. */
import type { Engine } from '../../api/database-cluster.js'
import type { PlanStep } from '../../api/ops-plan.js'
import { API_VERSION } from '../../api/crds.js'
import type { KObject } from '../shared/kube.js'
import { stringField } from '../shared/observed.js'
import { currentFields, desiredFields, isDeclarative } from './declarative.js'
import { kafkaOps } from './engines/kafka.js'
import { mongodbOps, mysqlOps } from './engines/percona.js'
import { postgresqlOps } from './engines/postgresql.js'
import { type EngineOps, ref } from './engines/types.js'
import type { OpsObject } from './parse.js'
import type { Refusal } from './validate.js'

const ENGINE_OPS: Record<Engine, EngineOps> = { postgresql: postgresqlOps, mysql: mysqlOps, mongodb: mongodbOps, kafka: kafkaOps }

export interface RunPlan {
  summary: string
  steps: PlanStep[]
  /** Declarative operations: the spec fields set, and their values before. */
  fields?: Record<string, unknown>
  before?: Record<string, unknown>
}

export function fieldManager(ops: OpsObject): string {
  return `dbaas-ops-${ops.name}`.slice(0, 128)
}

export function applyStep(ops: OpsObject, spec: Record<string, unknown>): PlanStep {
  const name = ops.spec.clusterRef
  return {
    action: 'apply',
    target: ref(API_VERSION, 'DatabaseCluster', 'databaseclusters', name, ops.namespace),
    fieldManager: fieldManager(ops),
    object: { apiVersion: API_VERSION, kind: 'DatabaseCluster', metadata: { name, namespace: ops.namespace }, spec },
    force: true,
  }
}

export function runPlan(ops: OpsObject, cluster: KObject, startTime: string): { ok: true; plan: RunPlan } | { ok: false; refusal: Refusal } {
  if (isDeclarative(ops.spec.type)) {
    const fields = desiredFields(ops, cluster)
    const before = currentFields(fields, cluster)
    return { ok: true, plan: { summary: `${ops.spec.type}: set ${Object.keys(fields).join(', ')} of DatabaseCluster ${ops.spec.clusterRef}`, steps: [applyStep(ops, fields)], fields, before } }
  }
  const engine = stringField(cluster, 'spec', 'engine') as Engine
  const steps = ENGINE_OPS[engine]({ ops, cluster, startTime })
  if (!steps.ok) return steps
  return { ok: true, plan: { summary: `${ops.spec.type} of DatabaseCluster ${ops.spec.clusterRef} (${engine})`, steps: steps.steps } }
}

/** Rollback of a declarative operation: the same field manager applies the values from before. */
export function rollbackSteps(ops: OpsObject, before: Record<string, unknown>): PlanStep[] {
  return [applyStep(ops, before)]
}

export function ttlSteps(ops: OpsObject): PlanStep[] {
  return [{ action: 'delete', target: ref(API_VERSION, 'OpsRequest', 'opsrequests', ops.name, ops.namespace), uid: ops.uid, ignoreNotFound: true }]
}
