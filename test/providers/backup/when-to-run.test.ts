/** When the runner acts: the pure decision behind its timer. */
import { describe, expect, it } from 'vitest'
import { type RunState, whenToRun } from '../../../providers/backup/when-to-run.js'

const base: RunState = { schedule: '6h', timeZone: 'UTC', suspend: false, startedAt: '2026-03-01T10:00:00Z', running: false }

describe('whenToRun', () => {
  it('an interval schedule that never ran is due at once; then one interval after the last scheduled start', () => {
    expect(whenToRun(base, '2026-03-01T10:00:00Z')).toEqual({ due: 'backup', nextBackup: '2026-03-01T10:00:00Z', problems: [] })
    const ran = { ...base, lastScheduledTime: '2026-03-01T10:00:05Z', lastSuccessfulTime: '2026-03-01T10:03:00Z' }
    expect(whenToRun(ran, '2026-03-01T16:00:04Z')).toEqual({ nextBackup: '2026-03-01T16:00:05Z', problems: [] })
    expect(whenToRun(ran, '2026-03-01T16:00:05Z').due).toBe('backup')
  })

  it('a cron schedule that never ran waits for its first slot after the runner started, in its time zone', () => {
    const cron = { ...base, schedule: '0 2 * * *', timeZone: 'Europe/Berlin' }
    expect(whenToRun(cron, '2026-03-01T12:00:00Z')).toEqual({ nextBackup: '2026-03-02T01:00:00Z', problems: [] })
    expect(whenToRun(cron, '2026-03-02T01:00:00Z').due).toBe('backup')
  })

  it('a runner that was down over several slots runs once, not once per missed slot', () => {
    const cron = { ...base, schedule: '0 * * * *', lastScheduledTime: '2026-03-01T00:00:00Z' }
    const d = whenToRun(cron, '2026-03-01T05:30:00Z')
    expect(d).toEqual({ due: 'backup', nextBackup: '2026-03-01T01:00:00Z', problems: [] })
    expect(whenToRun({ ...cron, lastScheduledTime: '2026-03-01T05:30:00Z' }, '2026-03-01T05:30:01Z')).toEqual({ nextBackup: '2026-03-01T06:00:00Z', problems: [] })
  })

  it('nothing is due while an action runs (no overlap), and a suspended schedule takes no backups', () => {
    expect(whenToRun({ ...base, running: true }, '2026-03-02T00:00:00Z')).toEqual({ nextBackup: '2026-03-01T10:00:00Z', problems: [] })
    expect(whenToRun({ ...base, suspend: true }, '2026-03-02T00:00:00Z')).toEqual({ problems: [] })
  })

  it('verification waits for a successful backup, and a backup due at the same time goes first', () => {
    const v = { ...base, verifySchedule: '1d', lastScheduledTime: '2026-03-01T10:00:00Z' }
    expect(whenToRun(v, '2026-03-01T12:00:00Z')).toEqual({ nextBackup: '2026-03-01T16:00:00Z', problems: [] })
    const ok = { ...v, lastSuccessfulTime: '2026-03-01T10:05:00Z' }
    expect(whenToRun(ok, '2026-03-01T12:00:00Z')).toEqual({ due: 'verify', nextBackup: '2026-03-01T16:00:00Z', nextVerification: '2026-03-01T10:00:00Z', problems: [] })
    expect(whenToRun(ok, '2026-03-01T16:00:00Z').due).toBe('backup')
    expect(whenToRun({ ...ok, lastVerificationTime: '2026-03-01T12:00:00Z' }, '2026-03-01T13:00:00Z')).toEqual({ nextBackup: '2026-03-01T16:00:00Z', nextVerification: '2026-03-02T12:00:00Z', problems: [] })
    expect(whenToRun({ ...ok, suspend: true }, '2026-03-01T12:00:00Z').due).toBe('verify')
  })

  it('an invalid schedule runs nothing and says why', () => {
    const d = whenToRun({ ...base, schedule: 'every day', verifySchedule: '2m', lastSuccessfulTime: '2026-03-01T10:05:00Z' }, '2026-03-05T00:00:00Z')
    expect(d.due).toBeUndefined()
    expect(d.problems).toEqual(['schedule every day: neither an interval (6h, 30m, 1d) nor a five-field cron expression', 'schedule 2m: intervals shorter than 5 minutes are not allowed'])
  })
})
