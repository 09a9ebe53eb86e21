/**
 * The DatabaseBackup sync hook: a runner Deployment in the database's
 * namespace with everything it needs, and the status from its report.
 */
import { computeConditions } from '../shared/conditions.js'
import type { ReconcileContext } from '../shared/context.js'
import type { CompositeSyncRequest, CompositeSyncResponse, KObject } from '../shared/kube.js'
import { findObject, numberField } from '../shared/observed.js'
import { shortHash } from '../shared/names.js'
import { canonicalJson } from '../shared/canonical.js'
import { LABEL_COMPONENT, LABEL_INSTANCE, LABEL_MANAGED_BY, LABEL_NAME, LABEL_PART_OF, MANAGED_BY } from '../shared/labels.js'
import { keepLastApplied } from '../database-cluster/keep-last-applied.js'
import { parseSchedule } from '../backup/schedule.js'
import { buildConfigConfigMap, buildReportConfigMap } from './builders/config-maps.js'
import { buildRunnerDeployment } from './builders/deployment.js'
import { buildMetricsService } from './builders/metrics-service.js'
import { buildRole, buildRoleBinding, buildServiceAccount } from './builders/rbac.js'
import { buildStorageSecret } from './builders/storage-secret.js'
import { backupNames } from './names.js'
import { type BackupObject, parseBackup } from './parse.js'
import { readReport } from './report.js'
import { buildRunnerConfig } from './runner-config.js'
import { computeBackupStatus } from './status.js'
import { resolveStorage } from './storage.js'
import { resolveTarget } from './target.js'

export const LABEL_BACKUP = 'backup.dbaas.io/backup'

function labels(name: string): Record<string, string> {
  return { [LABEL_NAME]: 'backup-runner', [LABEL_INSTANCE]: name, [LABEL_COMPONENT]: 'backup-runner', [LABEL_PART_OF]: 'dbaas', [LABEL_MANAGED_BY]: MANAGED_BY, [LABEL_BACKUP]: name }
}

function blocked(req: CompositeSyncRequest, reason: string, message: string, ctx: ReconcileContext): CompositeSyncResponse {
  const previous = typeof req.parent.status === 'object' && req.parent.status !== null ? (req.parent.status as Record<string, unknown>) : {}
  const generation = req.parent.metadata.generation ?? 0
  const kept = computeConditions([{ type: 'Ready', status: 'False', reason, message }], previous.conditions, generation, ctx.now)
  const others = Array.isArray(previous.conditions) ? (previous.conditions as { type?: unknown }[]).filter((c) => c.type !== 'Ready') : []
  return { status: { ...previous, observedGeneration: generation, conditions: [...kept, ...others] }, children: keepLastApplied(req.children) }
}

function children(backup: BackupObject, req: CompositeSyncRequest, ctx: ReconcileContext): KObject[] | { reason: string; message: string } {
  const target = resolveTarget(backup, req.related)
  if (!target.ok) return target
  const storage = resolveStorage(req.related, backup.spec.storageClassName)
  if (!storage.ok) return storage
  const { name, namespace } = backup
  const l = labels(name)
  const selector = { [LABEL_BACKUP]: name, [LABEL_COMPONENT]: 'backup-runner' }
  const config = buildRunnerConfig(backup, target.value, storage.value)
  const hasSecret = Object.keys(storage.value.secretData).length > 0
  const configHash = shortHash(canonicalJson([config, storage.value.secretData, target.value]))
  const rbac = { name: backupNames.runner(name), namespace, labels: l, lease: backupNames.lease(name), report: backupNames.report(name) }
  return [
    buildServiceAccount(rbac),
    buildRole(rbac),
    buildRoleBinding(rbac),
    ...(hasSecret ? [buildStorageSecret(backupNames.storageSecret(name), namespace, l, storage.value.secretData)] : []),
    buildConfigConfigMap(backupNames.config(name), namespace, l, config),
    buildReportConfigMap(backupNames.report(name), namespace, l),
    buildRunnerDeployment({
      name: backupNames.runner(name),
      namespace,
      labels: l,
      selector,
      image: backup.spec.runner?.image ?? ctx.config.runnerImage,
      configMap: backupNames.config(name),
      storageSecret: hasSecret ? backupNames.storageSecret(name) : undefined,
      target: target.value,
      claims: storage.value.claims,
      runner: backup.spec.runner,
      configHash,
    }),
    buildMetricsService(backupNames.metrics(name), namespace, l, selector),
  ]
}

/** Seconds until `at`, at least 1, at most a day; undefined when `at` is undefined. */
function secondsUntil(at: string | undefined, now: string): number | undefined {
  if (at === undefined) return undefined
  return Math.min(86400, Math.max(1, Math.ceil((Date.parse(at) - Date.parse(now)) / 1000)))
}

export function syncDatabaseBackup(req: CompositeSyncRequest, ctx: ReconcileContext): CompositeSyncResponse {
  const parsed = parseBackup(req.parent, ctx.now)
  if (!parsed.ok) return blocked(req, 'InvalidSpec', parsed.errors.join('; '), ctx)
  const backup = parsed.value
  const schedule = parseSchedule(backup.spec.schedule, backup.spec.timeZone)
  if (!schedule.ok) return blocked(req, 'InvalidSchedule', schedule.message, ctx)
  const desired = children(backup, req, ctx)
  if (!Array.isArray(desired)) return blocked(req, desired.reason, desired.message, ctx)
  const deployment = findObject(req.children, 'apps/v1', 'Deployment', backupNames.runner(backup.name), backup.namespace)
  const runnerReady = (numberField(deployment, 'status', 'readyReplicas') ?? 0) >= 1
  const { status, recheckAt } = computeBackupStatus({ backup, schedule: schedule.value, runnerReady, report: readReport(backup, req.children) }, ctx)
  const resync = secondsUntil(recheckAt, ctx.now)
  return { status: status, children: desired, ...(resync === undefined ? {} : { resyncAfterSeconds: resync }) }
}
