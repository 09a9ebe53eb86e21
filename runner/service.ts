/**
 * The runner's actions — backup, restore, verify, list, status — one at a
 * time: an in-process guard, then the Lease across pods. Each action is
 * recorded in the report the controller reads. After a successful backup,
 * retention runs on every location; after a failed one, nothing is deleted.
 */
import type { RunnerConfig, RunnerReport } from '../api/runner.js'
import { backupId } from '../providers/backup/backup-id.js'
import { planRetention } from '../providers/backup/retention.js'
import { type RunDecision, whenToRun } from '../providers/backup/when-to-run.js'
import { type BackupResult, message, takeBackup } from './backup.js'
import { catalog, deleteBackup } from './catalog.js'
import type { BackupEngine, Connection } from './engines/engine.js'
import { listBackups, type LocationListing } from './listing.js'
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

export interface Log {
  info(fields: Record<string, unknown>, msg: string): void
  warn(fields: Record<string, unknown>, msg: string): void
  error(fields: Record<string, unknown>, msg: string): void
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
  log?: Log
  now: () => string
  startedAt: string
}

export interface BackupRequest {
  progress: (m: string) => void
  scheduled?: boolean
  /** Called once the backup holds the runner (and the Lease): it is under way. */
  onStart?: (startTime: string) => void
}

type Action = 'backup' | 'restore' | 'verify'
const EMPTY: RunnerReport = { consecutiveFailures: 0, stored: [] }

export class RunnerService {
  private running: Action | undefined
  private current: Promise<unknown> | undefined
  private readonly stopping = new AbortController()
  private report: RunnerReport = EMPTY
  private readonly d: ServiceDeps

  constructor(deps: ServiceDeps) {
    this.d = deps
  }

  /** Reads the report back (what this or an earlier runner recorded). */
  async load(): Promise<void> {
    try {
      this.report = (await this.d.sink.read()) ?? this.report
    } catch (e: unknown) {
      this.d.log?.warn({ err: message(e) }, 'cannot read the report; keeping what this runner knows')
    }
  }

  get state(): RunnerReport {
    return this.report
  }

  decision(now: string, running = this.running !== undefined): RunDecision {
    const c = this.d.config
    const decision = whenToRun({ schedule: c.schedule, timeZone: c.timeZone, suspend: c.suspend, ...(c.verifySchedule === undefined ? {} : { verifySchedule: c.verifySchedule }), ...(this.report.lastScheduledTime === undefined ? {} : { lastScheduledTime: this.report.lastScheduledTime }), ...(this.report.lastSuccessfulTime === undefined ? {} : { lastSuccessfulTime: this.report.lastSuccessfulTime }), ...(this.report.lastVerification === undefined ? {} : { lastVerificationTime: this.report.lastVerification.time }), startedAt: this.d.startedAt, running }, now)
    this.d.metrics?.scheduled(decision)
    return decision
  }

  /** `status`: the report, what runs now, and when the next scheduled actions are. */
  status(): RunnerReport & { schedule: RunDecision; locations: string[] } {
    return { ...this.report, schedule: this.decision(this.d.now()), locations: this.d.locations.map((l) => l.name) }
  }

  /** Stops what is running (a backup is cancelled cleanly: nothing complete-looking is left) and waits for it. */
  async shutdown(): Promise<void> {
    this.stopping.abort(new Error('the runner is shutting down'))
    await this.current?.catch(() => undefined)
  }

  private async exclusive<T>(action: Action, fn: (startTime: string, signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.stopping.signal.aborted) throw new Error('the runner is shutting down')
    if (this.running !== undefined) throw new BusyError(this.running)
    this.running = action
    const work = this.run(action, fn)
    this.current = work
    return work
  }

  private async run<T>(action: Action, fn: (startTime: string, signal: AbortSignal) => Promise<T>): Promise<T> {
    const lost = new AbortController()
    try {
      await this.d.lock.acquire((why) => { lost.abort(new Error(why)) })
      try {
        // Holding the Lease: the stored report is the truth (another runner may have written it since).
        await this.load()
        const startTime = this.d.now()
        await this.save({ running: { id: backupId(startTime), action, startTime } })
        return await fn(startTime, AbortSignal.any([lost.signal, this.stopping.signal]))
      } finally {
        await this.d.lock.release().catch((e: unknown) => { this.d.log?.warn({ err: message(e) }, 'cannot release the Lease; it expires by itself') })
      }
    } finally {
      this.running = undefined
      const { running: _done, ...rest } = this.report
      this.report = rest
      await this.save({})
    }
  }

  private async save(patch: Partial<RunnerReport>): Promise<void> {
    this.report = { ...this.report, ...patch }
    this.d.metrics?.record(this.report)
    try {
      await this.d.sink.write(this.report)
    } catch (e: unknown) {
      this.d.log?.error({ err: message(e) }, 'cannot write the report')
    }
  }

  async stored(): Promise<RunnerReport['stored']> {
    const prefix = this.d.config.storage.pathPrefix
    const rows = await Promise.all(this.d.locations.map(async (l) => {
      try {
        const entries = (await catalog(l, prefix)).filter((e) => e.complete)
        const times = entries.map((e) => e.time).sort()
        return { location: l.name, count: entries.length, bytes: entries.reduce((s, e) => s + e.size, 0), ...(times.length === 0 ? {} : { oldest: times[0] ?? '', newest: times[times.length - 1] ?? '' }) }
      } catch (e: unknown) {
        this.d.log?.warn({ location: l.name, err: message(e) }, 'cannot list the location')
        return this.report.stored.find((s) => s.location === l.name) ?? { location: l.name, count: 0 }
      }
    }))
    return rows
  }

  /**
   * Retention on every location, from what each really holds: complete
   * backups the plan deletes (manifest first), and the objects of incomplete
   * backups older than the run timeout. After a failed run the plan is held.
   */
  async prune(lastRunOk: boolean): Promise<string[]> {
    const { config } = this.d
    const deleted: string[] = []
    for (const l of this.d.locations) {
      const entries = await catalog(l, config.storage.pathPrefix)
      const plan = planRetention(entries, config.retention, this.d.now(), { lastRunOk, staleAfterSeconds: config.timeoutSeconds })
      if (plan.held !== undefined) {
        deleted.push(`${l.name}: nothing deleted (${plan.held})`)
        continue
      }
      for (const { id, reason } of plan.delete) {
        const entry = entries.find((e) => e.id === id)
        if (entry === undefined) continue
        await deleteBackup(l, entry)
        deleted.push(`${l.name}/${id} deleted: ${reason}`)
      }
      for (const { id, key, reason } of plan.untracked) {
        await l.delete(key)
        deleted.push(`${l.name}/${key} deleted (incomplete backup ${id}): ${reason}`)
      }
    }
    return deleted
  }

  /**
   * A scheduled run is decided again once it holds the Lease, from the report
   * as stored (read again then): during a rollout the other runner may just
   * have taken it.
   */
  private stillDue(action: 'backup' | 'verify', now: string): boolean {
    return this.decision(now, false).due === action
  }

  /** A backup; a scheduled one resolves to undefined when it turned out not to be due. */
  async backup(req: BackupRequest): Promise<BackupResult | undefined> {
    return this.exclusive('backup', async (startTime, signal) => {
      if (req.scheduled === true) {
        if (!this.stillDue('backup', startTime)) return undefined
        await this.save({ lastScheduledTime: startTime })
      }
      req.onStart?.(startTime)
      const timeout = new AbortController()
      const timer = setTimeout(() => { timeout.abort(new Error(`timed out after ${this.d.config.timeoutSeconds}s`)) }, this.d.config.timeoutSeconds * 1000)
      const stop = AbortSignal.any([timeout.signal, signal])
      let result: BackupResult
      try {
        result = await takeBackup({ engine: this.d.engine, connection: this.d.connection, databases: this.d.config.target.databases, locations: this.d.locations, compression: this.d.config.storage.compression, key: this.d.key, pathPrefix: this.d.config.storage.pathPrefix, startTime, now: this.d.now, signal: stop, progress: req.progress })
      } finally {
        clearTimeout(timer)
      }
      const pruned = await this.prune(result.ok).catch((e: unknown) => [`retention failed: ${message(e)}`])
      for (const p of pruned) req.progress(`retention: ${p}`)
      await this.save({
        lastBackup: { id: result.id, startTime: result.startTime, endTime: result.endTime, size: result.size, checksum: result.checksum, locations: result.locations, ok: result.ok, ...(result.error === undefined ? {} : { error: result.error }) },
        ...(result.ok ? { lastSuccessfulTime: result.endTime, consecutiveFailures: 0 } : { lastFailure: { time: result.endTime, error: result.error ?? 'failed' }, consecutiveFailures: this.report.consecutiveFailures + 1 }),
        stored: await this.stored(),
      })
      return result
    })
  }

  async restore(sel: Selection, target: RestoreTarget, progress: (m: string) => void): Promise<{ backupId: string; location: string; databases: string[] }> {
    return this.exclusive('restore', async () => {
      const found = await locate(this.d.locations, this.d.config.storage.pathPrefix, sel)
      progress(`restoring backup ${found.manifest.id} (taken ${found.manifest.startTime}) from ${found.location.name}`)
      const databases = await restoreBackup({ engine: this.d.engine, connection: this.d.connection, location: found.location, manifest: found.manifest, key: this.d.key, target, progress })
      progress(`restored ${databases.join(', ')}`)
      return { backupId: found.manifest.id, location: found.location.name, databases }
    })
  }

  async verify(progress: (m: string) => void, scheduled = false): Promise<{ ok: boolean; message: string; backupId: string } | undefined> {
    return this.exclusive('verify', async (startTime) => {
      if (scheduled && !this.stillDue('verify', startTime)) return undefined
      let found: Awaited<ReturnType<typeof locate>>
      try {
        found = await locate(this.d.locations, this.d.config.storage.pathPrefix, {})
      } catch (e: unknown) {
        await this.save({ lastVerification: { time: this.d.now(), backupId: '', ok: false, message: message(e) } })
        throw e
      }
      progress(`verifying backup ${found.manifest.id} (taken ${found.manifest.startTime}) from ${found.location.name}`)
      const result = await verifyBackup({ engine: this.d.engine, connection: this.d.connection, location: found.location, manifest: found.manifest, key: this.d.key, progress })
      await this.save({ lastVerification: { time: this.d.now(), backupId: found.manifest.id, ok: result.ok, message: result.message } })
      this.d.metrics?.verified(result.ok, this.d.now())
      return { ...result, backupId: found.manifest.id }
    })
  }

  /** Every backup of every location, with its checksum status (hashed when `verify`). */
  async list(verify: boolean, progress: (m: string) => void): Promise<LocationListing[]> {
    return listBackups(this.d.locations, this.d.config.storage.pathPrefix, verify, progress)
  }
}
