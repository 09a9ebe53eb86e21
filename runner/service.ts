/**
 * The runner's actions — backup, list, restore, verify, status — one at a
 * time (an in-process mutex plus the Lease across pods), each recorded in
 * the report the controller reads. After a successful backup, retention runs
 * on every location; after a failed one, nothing is deleted.
 */
import type { RunnerConfig, RunnerReport } from '../api/runner.js'
import { backupKeys } from '../providers/backup/backup-id.js'
import { planRetention, untracked } from '../providers/backup/retention.js'
import { type BackupResult, takeBackup } from './backup.js'
import { catalog } from './catalog.js'
import type { BackupEngine, Connection } from './engines/engine.js'
import type { Lock } from './lease.js'
import type { Location } from './locations/location.js'
import type { RunnerMetrics } from './metrics.js'
import type { ReportSink } from './report.js'
import { locate, type RestoreTarget, restoreBackup, type Selection, verifyBackup } from './restore.js'

export class BusyError extends Error {
  constructor(action: string) {
    super(`another action is running (${action}); try again when it is done`)
    this.name = 'BusyError'
  }
}

export interface ServiceDeps {
  config: RunnerConfig
  engine: BackupEngine
  connection: Connection
  locations: Location[]
  key: Buffer | undefined
  lock: Lock
  sink: ReportSink
  metrics?: RunnerMetrics
  now: () => string
}

const EMPTY: RunnerReport = { consecutiveFailures: 0, stored: [] }

export class RunnerService {
  private running: string | undefined
  private report: RunnerReport = EMPTY
  private readonly d: ServiceDeps

  constructor(deps: ServiceDeps) {
    this.d = deps
  }

  async load(): Promise<void> {
    this.report = (await this.d.sink.read().catch(() => undefined)) ?? EMPTY
  }

  get state(): RunnerReport {
    return this.report
  }

  private async exclusive<T>(action: 'backup' | 'restore' | 'verify', fn: () => Promise<T>): Promise<T> {
    if (this.running !== undefined) throw new BusyError(this.running)
    this.running = action
    try {
      await this.d.lock.acquire()
      try {
        return await fn()
      } finally {
        await this.d.lock.release()
      }
    } finally {
      this.running = undefined
    }
  }

  private async save(patch: Partial<RunnerReport>): Promise<void> {
    this.report = { ...this.report, ...patch }
    await this.d.sink.write(this.report)
  }

  async stored(): Promise<RunnerReport['stored']> {
    const prefix = this.d.config.storage.pathPrefix
    return Promise.all(
      this.d.locations.map(async (l) => {
        const entries = (await catalog(l, prefix)).filter((e) => e.complete)
        const times = entries.map((e) => e.time).sort()
        return { location: l.name, count: entries.length, bytes: entries.reduce((s, e) => s + e.size, 0), ...(times.length === 0 ? {} : { oldest: times[0] ?? '', newest: times[times.length - 1] ?? '' }) }
      }),
    )
  }

  /** Retention on every location; returns what it deleted, with reasons. */
  async prune(lastRunOk: boolean): Promise<string[]> {
    const { config } = this.d
    const deleted: string[] = []
    for (const l of this.d.locations) {
      const entries = await catalog(l, config.storage.pathPrefix)
      const plan = planRetention(entries, config.retention, this.d.now(), { lastRunOk })
      const stale = untracked(entries, this.d.now(), config.timeoutSeconds)
      for (const { id, reason } of [...plan.delete, ...stale]) {
        for (const key of entries.find((e) => e.id === id)?.keys ?? []) await l.delete(key)
        deleted.push(`${l.name}/${id}: ${reason}`)
      }
    }
    return deleted
  }

  async backup(progress: (m: string) => void, scheduled: boolean): Promise<BackupResult> {
    return this.exclusive('backup', async () => {
      const controller = new AbortController()
      const timer = setTimeout(() => { controller.abort(); }, this.d.config.timeoutSeconds * 1000)
      const started = this.d.now()
      await this.save({ running: { id: started, action: 'backup', startTime: started }, ...(scheduled ? { lastScheduledTime: started } : {}) })
      let result: BackupResult
      try {
        result = await takeBackup({ engine: this.d.engine, connection: this.d.connection, databases: this.d.config.target.databases, locations: this.d.locations, compression: this.d.config.storage.compression, key: this.d.key, pathPrefix: this.d.config.storage.pathPrefix, now: this.d.now, signal: controller.signal, progress })
      } finally {
        clearTimeout(timer)
      }
      const pruned = await this.prune(result.ok).catch((e: unknown) => [`retention failed: ${e instanceof Error ? e.message : String(e)}`])
      for (const p of pruned) progress(`retention: ${p}`)
      const { running: _done, ...rest } = this.report
      this.report = rest
      await this.save({
        lastBackup: { id: result.id, startTime: result.startTime, endTime: result.endTime, size: result.size, checksum: result.checksum, locations: result.locations, ok: result.ok, ...(result.error === undefined ? {} : { error: result.error }) },
        ...(result.ok ? { lastSuccessfulTime: result.endTime, consecutiveFailures: 0 } : { lastFailure: { time: result.endTime, error: result.error ?? 'failed' }, consecutiveFailures: this.report.consecutiveFailures + 1 }),
        stored: await this.stored(),
      })
      this.d.metrics?.record(this.report, result)
      return result
    })
  }

  async restore(sel: Selection, target: RestoreTarget, progress: (m: string) => void): Promise<string[]> {
    return this.exclusive('restore', async () => {
      const found = await locate(this.d.locations, this.d.config.storage.pathPrefix, sel)
      progress(`restoring backup ${found.manifest.id} (taken ${found.manifest.startTime}) from ${found.location.name}`)
      return restoreBackup({ engine: this.d.engine, connection: this.d.connection, location: found.location, manifest: found.manifest, key: this.d.key, target, progress })
    })
  }

  async verify(progress: (m: string) => void): Promise<{ ok: boolean; message: string; backupId: string }> {
    return this.exclusive('verify', async () => {
      const found = await locate(this.d.locations, this.d.config.storage.pathPrefix, {})
      progress(`verifying backup ${found.manifest.id} from ${found.location.name}`)
      const result = await verifyBackup({ engine: this.d.engine, connection: this.d.connection, location: found.location, manifest: found.manifest, key: this.d.key, progress })
      await this.save({ lastVerification: { time: this.d.now(), backupId: found.manifest.id, ok: result.ok, message: result.message } })
      return { ...result, backupId: found.manifest.id }
    })
  }

  /** Every backup of every location, for `list`. */
  async list(): Promise<{ location: string; id: string; time: string; complete: boolean; size: number; data: string }[]> {
    const prefix = this.d.config.storage.pathPrefix
    const rows = await Promise.all(this.d.locations.map(async (l) => (await catalog(l, prefix)).map((e) => ({ location: l.name, id: e.id, time: e.time, complete: e.complete, size: e.size, data: backupKeys(prefix, e.id, this.d.config.storage.compression, this.d.key !== undefined).data }))))
    return rows.flat()
  }
}
