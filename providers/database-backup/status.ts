/**
 * DatabaseBackup status, from the runner's report and Deployment only. The
 * one clock-dependent fact, BackupFresh, flips exactly once at the overdue
 * moment; the hook asks to be called again then (resyncAfterSeconds).
 */
import type { DatabaseBackupStatus } from '../../api/database-backup.js'
import type { RunnerReport } from '../../api/runner.js'
import { type ConditionInput, computeConditions } from '../shared/conditions.js'
import type { ReconcileContext } from '../shared/context.js'
import { nextDue, overdueAt, type Schedule } from '../backup/schedule.js'
import type { BackupObject } from './parse.js'
import type { ReportResult } from './report.js'

export interface StatusFacts {
  backup: BackupObject
  schedule: Schedule
  runnerReady: boolean
  report: ReportResult
}

function freshness(f: StatusFacts, report: RunnerReport | undefined, now: string): { condition: ConditionInput; recheckAt?: string } {
  const type = 'BackupFresh'
  if (f.backup.spec.suspend) return { condition: { type, status: 'Unknown', reason: 'Suspended', message: 'scheduled backups are suspended' } }
  const last = report?.lastSuccessfulTime
  const deadline = overdueAt(f.schedule, last, f.backup.createdAt, f.backup.spec.timeoutSeconds)
  if (deadline === undefined) return { condition: { type, status: 'Unknown', reason: 'NoFutureRun', message: 'the schedule never fires again' } }
  if (now >= deadline) {
    const since = last === undefined ? 'no backup has ever succeeded' : `the last success was at ${last}`
    return { condition: { type, status: 'False', reason: 'BackupOverdue', message: `a backup is overdue since ${deadline}: ${since}` } }
  }
  const message = last === undefined ? `the first backup is due; overdue after ${deadline}` : `last success at ${last}; overdue after ${deadline}`
  return { condition: { type, status: 'True', reason: 'BackupFresh', message }, recheckAt: deadline }
}

function lastBackupCondition(report: RunnerReport | undefined): ConditionInput {
  const type = 'LastBackupSucceeded'
  const last = report?.lastBackup
  if (last === undefined) return { type, status: 'Unknown', reason: 'NoBackupYet', message: 'no backup has run yet' }
  if (last.ok) return { type, status: 'True', reason: 'BackupSucceeded', message: `backup ${last.id} succeeded` }
  return { type, status: 'False', reason: 'BackupFailed', message: `backup ${last.id} failed: ${last.error ?? 'no error given'}` }
}

function verifiedCondition(f: StatusFacts, report: RunnerReport | undefined): ConditionInput {
  const type = 'Verified'
  if (f.backup.spec.verify === undefined) return { type, status: 'Unknown', reason: 'NotConfigured', message: 'restore verification is not configured' }
  const v = report?.lastVerification
  if (v === undefined) return { type, status: 'Unknown', reason: 'NotVerifiedYet', message: 'no verification has run yet' }
  return v.ok
    ? { type, status: 'True', reason: 'RestoreVerified', message: `backup ${v.backupId} restored and checked at ${v.time}` }
    : { type, status: 'False', reason: 'RestoreFailed', message: `backup ${v.backupId} failed verification at ${v.time}: ${v.message}` }
}

function readyCondition(f: StatusFacts): ConditionInput {
  if (f.report.state === 'invalid') return { type: 'Ready', status: 'False', reason: 'ReportInvalid', message: f.report.message }
  return f.runnerReady
    ? { type: 'Ready', status: 'True', reason: 'RunnerReady', message: 'the runner is up' }
    : { type: 'Ready', status: 'False', reason: 'RunnerNotReady', message: 'the runner Deployment has no ready pod' }
}

export function computeBackupStatus(f: StatusFacts, ctx: ReconcileContext): { status: DatabaseBackupStatus; recheckAt?: string } {
  const report = f.report.state === 'ok' ? f.report.report : undefined
  const fresh = freshness(f, report, ctx.now)
  const conditions = computeConditions([readyCondition(f), lastBackupCondition(report), fresh.condition, verifiedCondition(f, report)], f.backup.status.conditions, f.backup.generation, ctx.now)
  const status: DatabaseBackupStatus = { observedGeneration: f.backup.generation, conditions, runnerReady: f.runnerReady }
  if (report !== undefined) {
    if (report.lastBackup !== undefined) {
      const { ok: _ok, error: _error, ...record } = report.lastBackup
      status.lastBackup = record
    }
    if (report.lastSuccessfulTime !== undefined) status.lastSuccessfulTime = report.lastSuccessfulTime
    if (report.lastFailure !== undefined) status.lastFailure = report.lastFailure
    status.consecutiveFailures = report.consecutiveFailures
    status.storedBackups = report.stored
    if (report.lastVerification !== undefined) status.lastVerification = report.lastVerification
  }
  const next = f.backup.spec.suspend ? undefined : nextDue(f.schedule, report?.lastScheduledTime, f.backup.createdAt)
  if (next !== undefined) status.nextScheduledTime = next
  return { status, ...(fresh.recheckAt === undefined ? {} : { recheckAt: fresh.recheckAt }) }
}
