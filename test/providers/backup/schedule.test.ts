import { describe, expect, it } from 'vitest'
import { intervalSeconds, nextDue, nextRunAfter, overdueAt, parseSchedule, type Schedule } from '../../../providers/backup/schedule.js'

function schedule(text: string, zone = 'UTC'): Schedule {
  const parsed = parseSchedule(text, zone)
  if (!parsed.ok) throw new Error(parsed.message)
  return parsed.value
}

describe('parseSchedule', () => {
  it.each([
    ['6h', 21600],
    ['30m', 1800],
    ['1d', 86400],
    ['1d12h', 129600],
    ['2h30m', 9000],
  ])('interval %s = %i seconds', (text, seconds) => {
    expect(schedule(text)).toEqual({ kind: 'interval', seconds })
    expect(intervalSeconds(text)).toBe(seconds)
  })

  it.each([
    ['1m', /shorter than 5 minutes/],
    ['0h', /neither an interval/],
    ['every day', /neither an interval/],
    ['61 * * * *', /schedule 61 \* \* \* \*/],
    ['* * *', /neither an interval/],
  ])('refuses %s', (text, message) => {
    const parsed = parseSchedule(text)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.message).toMatch(message)
  })

  it('refuses an unknown time zone', () => {
    expect(parseSchedule('0 2 * * *', 'Mars/Olympus')).toEqual({ ok: false, message: 'time zone Mars/Olympus is not an IANA time zone' })
  })
})

describe('nextRunAfter across time zones, DST and month ends', () => {
  it.each([
    ['interval from the last start', '6h', 'UTC', '2026-03-01T22:00:00Z', '2026-03-02T04:00:00Z'],
    ['interval crossing a month end', '1d', 'UTC', '2026-01-31T02:00:00Z', '2026-02-01T02:00:00Z'],
    ['interval ignores DST (elapsed time)', '1d', 'Europe/Berlin', '2026-03-28T12:00:00Z', '2026-03-29T12:00:00Z'],
    ['cron in UTC', '0 2 * * *', 'UTC', '2026-01-01T02:00:00Z', '2026-01-02T02:00:00Z'],
    ['cron in Berlin, winter (UTC+1)', '0 2 * * *', 'Europe/Berlin', '2026-01-10T12:00:00Z', '2026-01-11T01:00:00Z'],
    ['cron in Berlin, summer (UTC+2)', '0 2 * * *', 'Europe/Berlin', '2026-07-10T12:00:00Z', '2026-07-11T00:00:00Z'],
    ['cron in Berlin on the spring-forward night (02:00 does not exist)', '30 2 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z', '2026-03-29T01:30:00Z'],
    ['cron in Berlin on the fall-back night (02:30 happens twice, runs once)', '30 2 * * *', 'Europe/Berlin', '2026-10-24T12:00:00Z', '2026-10-25T00:30:00Z'],
    ['cron in New York across DST', '0 9 * * 1', 'America/New_York', '2026-03-06T00:00:00Z', '2026-03-09T13:00:00Z'],
    ['cron on the 31st skips short months', '0 0 31 * *', 'UTC', '2026-01-31T00:00:00Z', '2026-03-31T00:00:00Z'],
    ['cron on the last day of February, leap year', '0 0 29 2 *', 'UTC', '2026-01-01T00:00:00Z', '2028-02-29T00:00:00Z'],
    ['cron at year end', '0 0 1 1 *', 'UTC', '2026-12-31T23:59:59Z', '2027-01-01T00:00:00Z'],
  ])('%s', (_name, text, zone, after, expected) => {
    expect(nextRunAfter(schedule(text, zone), after)).toBe(expected)
  })

  it('the fall-back night: the run after 00:30Z is the next day, not the repeated hour', () => {
    expect(nextRunAfter(schedule('30 2 * * *', 'Europe/Berlin'), '2026-10-25T00:30:00Z')).toBe('2026-10-26T01:30:00Z')
  })
})

describe('nextDue and overdueAt', () => {
  const created = '2026-01-01T00:00:00Z'

  it('an interval schedule that never ran is due at once; a cron one at its first slot', () => {
    expect(nextDue(schedule('6h'), undefined, created)).toBe(created)
    expect(nextDue(schedule('0 2 * * *'), undefined, created)).toBe('2026-01-01T02:00:00Z')
  })

  it('the next run follows the last scheduled start', () => {
    expect(nextDue(schedule('6h'), '2026-01-01T06:00:00Z', created)).toBe('2026-01-01T12:00:00Z')
  })

  it.each([
    ['never succeeded, interval: first run + timeout', '6h', undefined, '2026-01-01T01:00:00Z'],
    ['never succeeded, cron: first slot + timeout', '0 2 * * *', undefined, '2026-01-01T03:00:00Z'],
    ['succeeded: the following run + timeout', '6h', '2026-01-01T06:10:00Z', '2026-01-01T13:10:00Z'],
    ['succeeded, daily cron', '0 2 * * *', '2026-01-05T02:20:00Z', '2026-01-06T03:00:00Z'],
  ])('%s', (_name, text, lastSuccess, expected) => {
    expect(overdueAt(schedule(text), lastSuccess, created, 3600)).toBe(expected)
  })
})
