/**
 * The UTC periods of grandfather-father-son retention and their keys. A key
 * names the period a time falls in; two times share a period exactly when
 * their keys are equal, and keys of one kind sort like their periods.
 *
 *   hourly   `YYYY-MM-DDTHH`  the UTC hour
 *   daily    `YYYY-MM-DD`     the UTC day
 *   weekly   `GGGG-Www`       the ISO 8601 week (Monday to Sunday, UTC) and
 *                             its ISO week-year: the calendar year of the
 *                             week's Thursday. 2026-12-31 and 2027-01-01 are
 *                             both in 2026-W53; 2025-12-29 is in 2026-W01.
 *   monthly  `YYYY-MM`        the UTC month
 *   yearly   `YYYY`           the UTC calendar year
 *
 * Never the local time zone, never the calendar year with the ISO week
 * (`%Y-w%V`, which puts 2024-12-30 in "2024-w01").
 */
import { parseTime, utcMillis } from './time.js'

export const PERIODS = ['hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const
export type Period = (typeof PERIODS)[number]

const DAY = 86_400_000

/** ISO 8601 week-year and week number (1–53) of a time, in UTC. */
export function isoWeek(ms: number): { year: number; week: number } {
  const d = new Date(ms)
  const midnight = utcMillis(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())
  const mondayBased = (d.getUTCDay() + 6) % 7
  const thursday = new Date(midnight + (3 - mondayBased) * DAY)
  const year = thursday.getUTCFullYear()
  return { year, week: Math.floor((thursday.getTime() - utcMillis(year, 1, 1)) / (7 * DAY)) + 1 }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** The key of the period a time (RFC 3339 or epoch milliseconds) falls in. Throws a RangeError for anything else. */
export function periodKey(period: Period, time: string | number): string {
  const ms = parseTime(time)
  if (ms === undefined) throw new RangeError(`not an RFC 3339 time: ${String(time)}`)
  const d = new Date(ms)
  const [year, month, day] = [pad(d.getUTCFullYear(), 4), pad(d.getUTCMonth() + 1), pad(d.getUTCDate())]
  switch (period) {
    case 'hourly':
      return `${year}-${month}-${day}T${pad(d.getUTCHours())}`
    case 'daily':
      return `${year}-${month}-${day}`
    case 'weekly': {
      const w = isoWeek(ms)
      return `${pad(w.year, 4)}-W${pad(w.week)}`
    }
    case 'monthly':
      return `${year}-${month}`
    case 'yearly':
      return year
  }
}
