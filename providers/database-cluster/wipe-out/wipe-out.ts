/**
 * `deletionPolicy: WipeOut`, once the data is gone: compute what to wipe,
 * check nothing else uses it, run the wipe Job, and report. The hook never
 * finalizes before the Job has succeeded; `status.wipedBackups` records that
 * it did, so the Job is not started again once it is removed.
 */
import { parserFor } from '../../../api/validate.js'
import { WIPE_RESULT_KEY, WipePlan } from '../../../api/wipe-plan.js'
import type { ReconcileContext } from '../../shared/context.js'
import type { KObject, ObjectMap } from '../../shared/kube.js'
import { clusterLabels, LABEL_COMPONENT } from '../../shared/labels.js'
import { allObjects, findObject, lastApplied, stringField } from '../../shared/observed.js'
import type { ClusterObject, EngineProvider } from '../engine-provider.js'
import { describeFolder, wipeConflicts } from './guard.js'
import { type WipeWork, wipeWork } from './folders.js'
import { buildWipeChildren, MAX_OBJECTS, wipeNames } from './job.js'
import { jobOutcome } from '../../shared/job-outcome.js'

export type WipeState =
  | { state: 'done'; wiped: string[] }
  | { state: 'waiting'; message: string }
  | { state: 'running'; message: string }
  | { state: 'blocked'; reason: 'WipeOutBlocked' | 'WipeOutInvalid'; message: string }
  | { state: 'failed'; message: string }

export interface Wipe {
  children: KObject[]
  state: WipeState
}

const SKIP = 'set deletionPolicy: Delete to keep the backups and finish deleting'
const COMPONENT = 'wipe-out'
const parsePlan = parserFor<WipePlan>(WipePlan)

function resultDetail(children: ObjectMap, cluster: ClusterObject): string {
  const texts = [wipeNames.objectsResult(cluster.name), wipeNames.result(cluster.name)]
    .map((name) => stringField(findObject(children, 'v1', 'ConfigMap', name, cluster.namespace), 'data', WIPE_RESULT_KEY))
    .filter((t): t is string => t !== undefined)
  return texts.length === 0 ? '' : ` (result: ${texts.map((t) => t.trim()).join(' ').slice(0, 600)})`
}

/** The folders the Job was given (its applied plan), which may differ from what the spec says now. */
function plannedFolders(children: ObjectMap, cluster: ClusterObject, work: WipeWork): string[] {
  const text = stringField(findObject(children, 'v1', 'ConfigMap', wipeNames.plan(cluster.name), cluster.namespace), 'data', 'plan.json')
  const parsed = text === undefined ? undefined : parsePlan(safeJson(text))
  if (parsed?.ok === true) return parsed.value.targets.map((t) => `${t.location.name.replace(/^[el]-/, '')}: ${t.prefix}`)
  return work.folders.map((f) => `${f.location.name}: ${f.prefix}`)
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function jobState(children: ObjectMap, cluster: ClusterObject, work: WipeWork): WipeState {
  const job = findObject(children, 'batch/v1', 'Job', wipeNames.job(cluster.name), cluster.namespace)
  const outcome = job === undefined ? 'running' : jobOutcome(job)
  if (outcome === 'succeeded') return { state: 'done', wiped: plannedFolders(children, cluster, work) }
  if (outcome === 'failed') {
    return { state: 'failed', message: `the wipe Job failed${resultDetail(children, cluster)}; see kubectl logs job/${wipeNames.job(cluster.name)} -n ${cluster.namespace}, then delete the Job to retry, or ${SKIP}` }
  }
  const what = work.folders.map(describeFolder)
  const objects = work.objects.length === 0 ? '' : `${what.length === 0 ? '' : ' and '}${Math.min(work.objects.length, MAX_OBJECTS)} backup object(s) of the engine`
  return { state: 'running', message: `wiping backups: ${what.join(', ')}${objects}` }
}

/**
 * Once the Job exists, its pod template cannot change (the API server refuses
 * an update) and a retried pod must find the plan it was made for. So while
 * it is observed, every wipe child is answered as it was applied; only the
 * ones not observed yet come from `built`. Deleting the Job starts afresh.
 */
function frozen(built: KObject[], children: ObjectMap, cluster: ClusterObject): KObject[] {
  if (findObject(children, 'batch/v1', 'Job', wipeNames.job(cluster.name), cluster.namespace) === undefined) return built
  const ours = new Set(Object.values(wipeNames).map((name) => name(cluster.name)))
  const kinds = new Set(built.map((c) => `${c.apiVersion}|${c.kind}`))
  const seen = allObjects(children).filter((c) => ours.has(c.metadata.name) && kinds.has(`${c.apiVersion}|${c.kind}`) && c.metadata.labels?.[LABEL_COMPONENT] === COMPONENT)
  const key = (c: KObject) => `${c.apiVersion}|${c.kind}|${c.metadata.name}`
  const applied = new Set(seen.map(key))
  return [...seen.map(lastApplied), ...built.filter((c) => !applied.has(key(c)))]
}

/** The wipe step; undefined when the cluster left nothing to wipe. */
export function wipeOut(cluster: ClusterObject, provider: EngineProvider | undefined, children: ObjectMap, related: ObjectMap, ctx: ReconcileContext): Wipe | undefined {
  const work = wipeWork(cluster, related, provider)
  if (!work.ok) return { children: [], state: { state: 'blocked', reason: 'WipeOutInvalid', message: `cannot tell where the backups are: ${work.message}; fix it, or ${SKIP}` } }
  if (work.value === undefined) return undefined
  const writers = provider?.backupStore?.writers?.observed(cluster, related) ?? []
  const started = findObject(children, 'batch/v1', 'Job', wipeNames.job(cluster.name), cluster.namespace) !== undefined
  if (writers.length > 0 && !started) {
    return { children: [], state: { state: 'waiting', message: `waiting for the instances to stop before wiping (they may still archive to the folders): ${writers.join(', ')} still there` } }
  }
  const conflicts = wipeConflicts(cluster, work.value, related)
  if (conflicts.length > 0) return { children: [], state: { state: 'blocked', reason: 'WipeOutBlocked', message: `nothing is wiped while other objects use these backups: ${conflicts.join('; ')}; remove that use, or ${SKIP}` } }
  const input = { cluster: { name: cluster.name, namespace: cluster.namespace, uid: cluster.uid }, labels: clusterLabels(cluster.name, cluster.spec.engine, COMPONENT), image: ctx.config.runnerImage, work: work.value }
  return { children: frozen(buildWipeChildren(input), children, cluster), state: jobState(children, cluster, work.value) }
}
