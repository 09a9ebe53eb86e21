import { describe, expect, it } from 'vitest'
import type { KObject } from '../../../providers/shared/kube.js'
import { applyChild } from '../../support/metacontroller.js'
import { CTX, condition } from '../../support/clusters.js'
import { PG_BACKUP_SPEC, databaseBackup, reportConfigMap, syncBackup } from '../../support/backups.js'

const SUCCESS = {
  lastBackup: { id: '20260101T060000Z', startTime: '2026-01-01T06:00:00Z', endTime: '2026-01-01T06:04:00Z', size: 1048576, checksum: 'ab'.repeat(32), locations: [{ name: 's3-eu', ok: true }, { name: 'gcs-us', ok: true }, { name: 'nfs', ok: true }], ok: true },
  lastSuccessfulTime: '2026-01-01T06:04:00Z',
  consecutiveFailures: 0,
  lastScheduledTime: '2026-01-01T06:00:00Z',
  stored: [{ location: 's3-eu', count: 2, newest: '2026-01-01T06:00:00Z', oldest: '2026-01-01T00:00:00Z', bytes: 2097152 }],
}
const FAILURE = {
  ...SUCCESS,
  lastBackup: { id: '20260101T120000Z', startTime: '2026-01-01T12:00:00Z', endTime: '2026-01-01T12:00:05Z', locations: [{ name: 's3-eu', ok: false, error: 'AccessDenied' }], ok: false, error: 'pg_dump: connection refused' },
  lastFailure: { time: '2026-01-01T12:00:05Z', error: 'pg_dump: connection refused' },
  consecutiveFailures: 1,
  lastScheduledTime: '2026-01-01T12:00:00Z',
}

function observed(spec: Record<string, unknown>, report: Record<string, unknown> | undefined, readyReplicas = 1): { parent: KObject; children: KObject[] } {
  const parent = databaseBackup('orders', spec)
  const children = syncBackup(parent).children.map((c, i) => {
    const applied = applyChild(c, parent, c.kind === 'Deployment' ? { readyReplicas, replicas: 1 } : undefined, i + 1)
    return c.metadata.name === 'orders-runner-report' && report !== undefined ? { ...applied, data: reportConfigMap('orders', report) } : applied
  })
  return { parent, children }
}

function at(now: string, spec: Record<string, unknown>, report: Record<string, unknown> | undefined, readyReplicas = 1) {
  const { parent, children } = observed(spec, report, readyReplicas)
  return syncBackup(parent, children, undefined, { ...CTX, now })
}

describe('DatabaseBackup status from the runner report', () => {
  it('a success: last backup, stored backups, next run, all conditions good', () => {
    const r = at('2026-01-01T07:00:00Z', PG_BACKUP_SPEC, SUCCESS)
    expect(r.status).toMatchObject({
      runnerReady: true,
      lastBackup: { id: '20260101T060000Z', size: 1048576, checksum: 'ab'.repeat(32) },
      lastSuccessfulTime: '2026-01-01T06:04:00Z',
      consecutiveFailures: 0,
      nextScheduledTime: '2026-01-01T12:00:00Z',
      storedBackups: SUCCESS.stored,
    })
    expect(r.status.lastBackup).not.toHaveProperty('ok')
    expect(condition(r.status, 'Ready')?.status).toBe('True')
    expect(condition(r.status, 'LastBackupSucceeded')?.status).toBe('True')
    expect(condition(r.status, 'BackupFresh')).toMatchObject({ status: 'True', reason: 'BackupFresh' })
  })

  it('a failure: the error, consecutive failures, LastBackupSucceeded=False, still fresh until overdue', () => {
    const r = at('2026-01-01T12:10:00Z', PG_BACKUP_SPEC, FAILURE)
    expect(r.status).toMatchObject({ lastFailure: FAILURE.lastFailure, consecutiveFailures: 1 })
    expect(condition(r.status, 'LastBackupSucceeded')).toMatchObject({ status: 'False', reason: 'BackupFailed', message: 'backup 20260101T120000Z failed: pg_dump: connection refused' })
    expect(condition(r.status, 'BackupFresh')?.status).toBe('True')
  })

  it('BackupFresh turns False exactly when the run after the last success has used up its timeout', () => {
    // last success 06:04; next run 12:04 (6h after the success); timeout 6h (default) → overdue at 18:04
    expect(condition(at('2026-01-01T18:03:59Z', PG_BACKUP_SPEC, FAILURE).status, 'BackupFresh')?.status).toBe('True')
    const overdue = at('2026-01-01T18:04:00Z', PG_BACKUP_SPEC, FAILURE)
    expect(condition(overdue.status, 'BackupFresh')).toMatchObject({ status: 'False', reason: 'BackupOverdue', message: 'a backup is overdue since 2026-01-01T18:04:00Z: the last success was at 2026-01-01T06:04:00Z' })
  })

  it('asks to be called back at the overdue moment, so the flip is on time', () => {
    expect(at('2026-01-01T18:00:00Z', PG_BACKUP_SPEC, FAILURE).resyncAfterSeconds).toBe(240)
    expect(at('2026-01-01T18:05:00Z', PG_BACKUP_SPEC, FAILURE).resyncAfterSeconds).toBeUndefined()
  })

  it('never succeeded: overdue after the first run plus its timeout', () => {
    const spec = { ...PG_BACKUP_SPEC, schedule: '0 2 * * *', timeoutSeconds: 3600 }
    expect(condition(at('2026-01-01T02:59:00Z', spec, undefined).status, 'BackupFresh')?.status).toBe('True')
    expect(condition(at('2026-01-01T03:00:00Z', spec, undefined).status, 'BackupFresh')).toMatchObject({ status: 'False', message: 'a backup is overdue since 2026-01-01T03:00:00Z: no backup has ever succeeded' })
  })

  it('suspended: freshness Unknown, no next run', () => {
    const r = at('2026-03-01T00:00:00Z', { ...PG_BACKUP_SPEC, suspend: true }, SUCCESS)
    expect(condition(r.status, 'BackupFresh')).toMatchObject({ status: 'Unknown', reason: 'Suspended' })
    expect(r.status).not.toHaveProperty('nextScheduledTime')
    expect(r.resyncAfterSeconds).toBeUndefined()
  })

  it('verification results', () => {
    const spec = { ...PG_BACKUP_SPEC, verify: { schedule: '7d' } }
    expect(condition(at('2026-01-01T07:00:00Z', spec, SUCCESS).status, 'Verified')).toMatchObject({ status: 'Unknown', reason: 'NotVerifiedYet' })
    const verified = { ...SUCCESS, lastVerification: { time: '2026-01-01T08:00:00Z', backupId: '20260101T060000Z', ok: false, message: 'row count of orders differs: 10 != 12' } }
    expect(condition(at('2026-01-01T09:00:00Z', spec, verified).status, 'Verified')).toMatchObject({ status: 'False', reason: 'RestoreFailed' })
  })

  it('runner not ready, and a report that is not valid', () => {
    expect(condition(at('2026-01-01T07:00:00Z', PG_BACKUP_SPEC, SUCCESS, 0).status, 'Ready')).toMatchObject({ status: 'False', reason: 'RunnerNotReady' })
    expect(condition(at('2026-01-01T07:00:00Z', PG_BACKUP_SPEC, { consecutiveFailures: 'many' }).status, 'Ready')).toMatchObject({ status: 'False', reason: 'ReportInvalid' })
  })

  it('stable: the same observation later (before any deadline) gives the same status', () => {
    const a = at('2026-01-01T07:00:00Z', PG_BACKUP_SPEC, SUCCESS)
    const { parent, children } = observed(PG_BACKUP_SPEC, SUCCESS)
    const b = syncBackup({ ...parent, status: a.status }, children, undefined, { ...CTX, now: '2026-01-01T08:00:00Z' })
    expect(b.status).toEqual(a.status)
  })
})
