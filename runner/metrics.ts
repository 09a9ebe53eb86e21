/** The runner's Prometheus metrics (db-backup-controller's vocabulary under our prefix). */
import { Gauge, type Registry, collectDefaultMetrics } from 'prom-client'
import type { RunnerReport } from '../api/runner.js'
import type { BackupResult } from './backup.js'

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
  }

  record(report: RunnerReport, result: BackupResult | undefined): void {
    const seconds = (t: string | undefined) => (t === undefined ? undefined : Date.parse(t) / 1000)
    const ok = seconds(report.lastSuccessfulTime)
    const bad = seconds(report.lastFailure?.time)
    if (ok !== undefined) this.lastSuccess.set(ok)
    if (bad !== undefined) this.lastFailure.set(bad)
    this.failures.set(report.consecutiveFailures)
    for (const s of report.stored) this.stored.set({ location: s.location }, s.count)
    if (report.lastVerification !== undefined) this.verified(report.lastVerification.ok, report.lastVerification.time)
    if (result !== undefined) {
      this.duration.set((Date.parse(result.endTime) - Date.parse(result.startTime)) / 1000)
      this.size.set(result.size)
      for (const l of result.locations) this.locationOk.set({ location: l.name }, l.ok ? 1 : 0)
    }
  }

  verified(ok: boolean, time: string): void {
    this.verification.set(ok ? 1 : 0)
    this.verificationTime.set(Date.parse(time) / 1000)
  }
}
