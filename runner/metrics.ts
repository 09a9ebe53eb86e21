/** The runner's Prometheus metrics (db-backup-controller's vocabulary under our prefix). */
import { Gauge, type Registry, collectDefaultMetrics } from 'prom-client'
import type { BackupRecord } from '../api/database-backup.js'
import type { RunnerReport } from '../api/runner.js'
import type { RunDecision } from '../providers/backup/when-to-run.js'

export class RunnerMetrics {
  private readonly lastSuccess: Gauge
  private readonly lastFailure: Gauge
  private readonly duration: Gauge
  private readonly size: Gauge
  private readonly failures: Gauge
  private readonly stored: Gauge<'location'>
  private readonly locationOk: Gauge<'location'>
  private readonly verification: Gauge
  private readonly verificationTime: Gauge
  private readonly running: Gauge<'action'>
  private readonly next: Gauge<'action'>

  constructor(registry: Registry) {
    collectDefaultMetrics({ register: registry })
    const g = <L extends string>(name: string, help: string, labelNames: L[] = []) => new Gauge<L>({ name, help, labelNames, registers: [registry] })
    this.lastSuccess = g('dbaas_backup_last_success_timestamp_seconds', 'End of the newest successful backup.')
    this.lastFailure = g('dbaas_backup_last_failure_timestamp_seconds', 'End of the newest failed backup.')
    this.duration = g('dbaas_backup_duration_seconds', 'Duration of the newest backup.')
    this.size = g('dbaas_backup_size_bytes', 'Bytes stored by the newest backup.')
    this.failures = g('dbaas_backup_consecutive_failures', 'Failed backups since the last success.')
    this.stored = g('dbaas_backup_stored', 'Complete backups stored per location.', ['location'])
    this.locationOk = g('dbaas_backup_location_upload_success', 'Whether the newest backup reached the location (1) or not (0).', ['location'])
    this.verification = g('dbaas_backup_last_verification_success', 'Whether the newest restore verification passed (1) or not (0).')
    this.verificationTime = g('dbaas_backup_last_verification_timestamp_seconds', 'When the newest restore verification ran.')
    this.running = g('dbaas_backup_running', 'Whether the runner is carrying out an action (1) or not (0), by action.', ['action'])
    this.next = g('dbaas_backup_next_scheduled_timestamp_seconds', 'When the next scheduled action is due, by action (backup, verify); absent while suspended or the schedule is invalid.', ['action'])
  }

  /**
   * Everything the report says. The newest backup's duration, size and
   * per-location results come from the report too, so they survive a restart
   * of the runner (the report lives in its ConfigMap).
   */
  record(report: RunnerReport, result?: BackupRecord): void {
    const seconds = (t: string | undefined) => (t === undefined ? undefined : Date.parse(t) / 1000)
    const ok = seconds(report.lastSuccessfulTime)
    const bad = seconds(report.lastFailure?.time)
    if (ok !== undefined) this.lastSuccess.set(ok)
    if (bad !== undefined) this.lastFailure.set(bad)
    this.failures.set(report.consecutiveFailures)
    for (const s of report.stored) this.stored.set({ location: s.location }, s.count)
    if (report.lastVerification !== undefined) this.verified(report.lastVerification.ok, report.lastVerification.time)
    for (const action of ['backup', 'restore', 'verify'] as const) this.running.set({ action }, report.running?.action === action ? 1 : 0)
    const last = result ?? report.lastBackup
    if (last !== undefined) {
      if (last.endTime !== undefined) this.duration.set((Date.parse(last.endTime) - Date.parse(last.startTime)) / 1000)
      if (last.size !== undefined) this.size.set(last.size)
      for (const l of last.locations ?? []) this.locationOk.set({ location: l.name }, l.ok ? 1 : 0)
    }
  }

  /** The schedule as the runner last looked at it. */
  scheduled(decision: RunDecision): void {
    for (const [action, at] of [['backup', decision.nextBackup], ['verify', decision.nextVerification]] as const) {
      if (at === undefined) this.next.remove({ action })
      else this.next.set({ action }, Date.parse(at) / 1000)
    }
  }

  verified(ok: boolean, time: string): void {
    this.verification.set(ok ? 1 : 0)
    this.verificationTime.set(Date.parse(time) / 1000)
  }
}
