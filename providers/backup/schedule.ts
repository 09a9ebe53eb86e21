/**
 * Backup schedules: an interval (`6h`, `1d12h`, `30m`) counted from the start
 * of the previous run, or a five-field cron expression in a time zone. Shared
 * by the controller (next run, freshness) and the runner (when to run).
 * Pure: every time is passed in.
 */
import { Cron } from 'croner'

export type Schedule = { kind: 'interval'; seconds: number } | { kind: 'cron'; expression: string; timeZone: string }

export type ScheduleResult = { ok: true; value: Schedule } | { ok: false; message: string }

const INTERVAL = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/

/** Seconds of an interval string, or undefined when it is not one. */
export function intervalSeconds(text: string): number | undefined {
  const m = INTERVAL.exec(text.trim())
  if (m === null || text.trim() === '') return undefined
  const [days, hours, minutes] = [m[1], m[2], m[3]].map((v) => Number(v ?? 0)) as [number, number, number]
  const seconds = ((days * 24 + hours) * 60 + minutes) * 60
  return seconds > 0 ? seconds : undefined
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

export function parseSchedule(text: string, timeZone = 'UTC'): ScheduleResult {
  const seconds = intervalSeconds(text)
  if (seconds !== undefined) {
    if (seconds < 300) return { ok: false, message: `schedule ${text}: intervals shorter than 5 minutes are not allowed` }
    return { ok: true, value: { kind: 'interval', seconds } }
  }
  if (text.trim().split(/\s+/).length !== 5) return { ok: false, message: `schedule ${text}: neither an interval (6h, 30m, 1d) nor a five-field cron expression` }
  if (!isValidTimeZone(timeZone)) return { ok: false, message: `time zone ${timeZone} is not an IANA time zone` }
  try {
    new Cron(text, { timezone: timeZone, paused: true })
  } catch (error: unknown) {
    return { ok: false, message: `schedule ${text}: ${error instanceof Error ? error.message : 'invalid cron expression'}` }
  }
  return { ok: true, value: { kind: 'cron', expression: text.trim(), timeZone } }
}

function toIso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** The first run strictly after `after` (RFC 3339), or undefined when a cron never fires again. */
export function nextRunAfter(schedule: Schedule, after: string): string | undefined {
  const from = Date.parse(after)
  if (schedule.kind === 'interval') return toIso(from + schedule.seconds * 1000)
  const next = new Cron(schedule.expression, { timezone: schedule.timeZone, paused: true }).nextRun(new Date(from))
  return next === null ? undefined : toIso(next.getTime())
}

/**
 * When the next scheduled run is due. A schedule that never ran is due at its
 * first slot after creation (an interval schedule: at once).
 */
export function nextDue(schedule: Schedule, lastScheduledStart: string | undefined, createdAt: string): string | undefined {
  if (lastScheduledStart !== undefined) return nextRunAfter(schedule, lastScheduledStart)
  return schedule.kind === 'interval' ? createdAt : nextRunAfter(schedule, createdAt)
}

/**
 * The moment backups become overdue: the run that should follow the last
 * success (or, with none yet, the first run) has had its whole timeout to
 * succeed and has not.
 */
export function overdueAt(schedule: Schedule, lastSuccess: string | undefined, createdAt: string, timeoutSeconds: number): string | undefined {
  const due = lastSuccess === undefined ? nextDue(schedule, undefined, createdAt) : nextRunAfter(schedule, lastSuccess)
  return due === undefined ? undefined : toIso(Date.parse(due) + timeoutSeconds * 1000)
}
