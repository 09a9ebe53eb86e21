/**
 * When the runner acts: the pure decision behind its timer. Given the
 * schedules, what the report says ran last, when this runner started and the
 * time, it says whether a scheduled backup or a verification is due now and
 * when the next of each is. Rules: never while something runs (no overlap);
 * a suspended schedule takes no backups; a backup goes before a verification
 * due at the same time; verification needs a successful backup to verify;
 * an invalid schedule runs nothing and says why.
 */
import { nextDue, parseSchedule } from './schedule.js'

export interface RunState {
  schedule: string
  timeZone: string
  suspend: boolean
  verifySchedule?: string
  /** Start of the newest scheduled backup (manual ones do not move the schedule). */
  lastScheduledTime?: string
  lastSuccessfulTime?: string
  lastVerificationTime?: string
  /** When this runner started: the reference of a schedule that never ran. */
  startedAt: string
  running: boolean
}

export interface RunDecision {
  due?: 'backup' | 'verify'
  nextBackup?: string
  nextVerification?: string
  problems: string[]
}

function next(text: string, timeZone: string, last: string | undefined, startedAt: string, problems: string[]): string | undefined {
  const parsed = parseSchedule(text, timeZone)
  if (!parsed.ok) {
    problems.push(parsed.message)
    return undefined
  }
  return nextDue(parsed.value, last, startedAt)
}

export function whenToRun(s: RunState, now: string): RunDecision {
  const problems: string[] = []
  const nextBackup = s.suspend ? undefined : next(s.schedule, s.timeZone, s.lastScheduledTime, s.startedAt, problems)
  const nextVerification = s.verifySchedule === undefined || s.lastSuccessfulTime === undefined ? undefined : next(s.verifySchedule, s.timeZone, s.lastVerificationTime, s.startedAt, problems)
  const at = Date.parse(now)
  const isDue = (t: string | undefined) => t !== undefined && Date.parse(t) <= at
  const due = s.running ? undefined : isDue(nextBackup) ? 'backup' : isDue(nextVerification) ? 'verify' : undefined
  return { ...(due === undefined ? {} : { due }), ...(nextBackup === undefined ? {} : { nextBackup }), ...(nextVerification === undefined ? {} : { nextVerification }), problems }
}
