/**
 * The DatabaseCluster status: the engine's view mapped onto one vocabulary,
 * plus conditions whose transition times only move when they flip.
 */
import type { DatabaseClusterStatus, LogicalBackupStatus } from '../../api/database-cluster.js'
import { type ConditionInput, computeConditions } from '../shared/conditions.js'
import type { ReconcileContext } from '../shared/context.js'
import type { ClusterObject, EngineStatus, SpecProblem } from './engine-provider.js'

function runnerProblem(runners: readonly LogicalBackupStatus[]): ConditionInput | undefined {
  const overdue = runners.filter((r) => r.fresh === 'False').map((r) => r.name)
  if (overdue.length > 0) return { type: 'BackupHealthy', status: 'False', reason: 'LogicalBackupOverdue', message: `logical backups overdue: ${overdue.join(', ')}` }
  const failed = runners.filter((r) => r.lastSucceeded === 'False').map((r) => r.name)
  if (failed.length > 0) return { type: 'BackupHealthy', status: 'False', reason: 'LogicalBackupFailed', message: `the last logical backup failed: ${failed.join(', ')}` }
  return undefined
}

function backupCondition(engine: EngineStatus, runners: readonly LogicalBackupStatus[]): ConditionInput {
  const { backup } = engine
  const type = 'BackupHealthy'
  const native = nativeBackupCondition(engine)
  if (native.status === 'False' && backup.configured) return native
  const runner = runnerProblem(runners)
  if (runner !== undefined) return runner
  if (!backup.configured && runners.length > 0) return { type, status: 'True', reason: 'LogicalBackupsHealthy', message: `protected by ${runners.map((r) => r.name).join(', ')}` }
  return native
}

function nativeBackupCondition(engine: EngineStatus): ConditionInput {
  const { backup } = engine
  const type = 'BackupHealthy'
  if (!backup.configured) return { type, status: 'False', reason: 'BackupNotConfigured', message: 'no backups are configured: the data is not protected' }
  if (backup.message !== undefined) return { type, status: 'False', reason: 'BackupFailing', message: backup.message }
  if (backup.continuousArchiving === 'False') return { type, status: 'False', reason: 'ArchivingFailing', message: 'transaction log archiving is failing' }
  if (backup.lastFailedBackup !== undefined && (backup.lastSuccessfulBackup === undefined || backup.lastFailedBackup > backup.lastSuccessfulBackup)) {
    return { type, status: 'False', reason: 'LastBackupFailed', message: `the newest backup, at ${backup.lastFailedBackup}, failed` }
  }
  if (backup.lastSuccessfulBackup === undefined) return { type, status: 'Unknown', reason: 'NoBackupYet', message: 'no backup has completed yet' }
  return { type, status: 'True', reason: 'BackupSucceeded', message: `last successful backup at ${backup.lastSuccessfulBackup}` }
}

function readyCondition(engine: EngineStatus): ConditionInput {
  return { type: 'Ready', status: engine.ready ? 'True' : 'False', reason: engine.readyReason, message: engine.readyMessage }
}

function progressingCondition(engine: EngineStatus): ConditionInput {
  return engine.progressing
    ? { type: 'Progressing', status: 'True', reason: 'Reconciling', message: `the engine operator is acting on the spec (${engine.phase})` }
    : { type: 'Progressing', status: 'False', reason: 'Settled', message: 'the engine operator has nothing left to do' }
}

const SPEC_VALID: ConditionInput = { type: 'SpecValid', status: 'True', reason: 'SpecAccepted', message: 'the spec can be carried out' }

/** Status for a spec that is being carried out. */
export function computeStatus(cluster: ClusterObject, engine: EngineStatus, runners: readonly LogicalBackupStatus[], ctx: ReconcileContext): DatabaseClusterStatus {
  const conditions = computeConditions(
    [readyCondition(engine), progressingCondition(engine), SPEC_VALID, backupCondition(engine, runners)],
    cluster.status.conditions,
    cluster.generation,
    ctx.now,
  )
  const status: DatabaseClusterStatus = {
    observedGeneration: cluster.generation,
    phase: engine.phase,
    conditions,
    ready: `${engine.readyInstances ?? 0}/${cluster.spec.clusterSize}`,
  }
  if (engine.instances !== undefined) status.instances = engine.instances
  if (engine.readyInstances !== undefined) status.readyInstances = engine.readyInstances
  if (engine.primary !== undefined) status.primary = engine.primary
  if (engine.instanceRoles !== undefined) status.instanceRoles = engine.instanceRoles
  status.endpoints = engine.endpoints
  if (engine.version !== undefined) status.version = engine.version
  status.backup = engine.backup
  if (runners.length > 0) status.logicalBackups = [...runners]
  status.monitoring = engine.podMonitor === undefined ? {} : { podMonitor: engine.podMonitor }
  if (engine.engine !== undefined) status.engine = engine.engine
  if (engine.dataSource !== undefined) status.dataSource = engine.dataSource
  return status
}

/**
 * Status for a spec that cannot be carried out: everything observed before is
 * kept, Ready and SpecValid turn False with the reason.
 */
export function computeBlockedStatus(
  previous: Record<string, unknown>,
  generation: number,
  problems: readonly SpecProblem[],
  phase: 'Invalid' | 'Pending',
  ctx: ReconcileContext,
): Record<string, unknown> {
  const first = problems[0] ?? { reason: 'InvalidSpec', message: 'the spec is invalid' }
  const message = problems.map((p) => p.message).join('; ')
  const kept = computeConditions(
    [
      { type: 'Ready', status: 'False', reason: first.reason, message },
      { type: 'SpecValid', status: 'False', reason: first.reason, message },
    ],
    previous.conditions,
    generation,
    ctx.now,
  )
  const others = Array.isArray(previous.conditions)
    ? (previous.conditions as unknown[]).filter((c) => {
        const type = typeof c === 'object' && c !== null ? (c as { type?: unknown }).type : undefined
        return type !== 'Ready' && type !== 'SpecValid'
      })
    : []
  return { ...previous, observedGeneration: generation, phase, conditions: [...kept, ...others] }
}
