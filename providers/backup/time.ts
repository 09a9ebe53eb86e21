/**
 * Times of the backup decisions: strict RFC 3339 (an offset is required, so
 * nothing is ever read in the local time zone, which JavaScript's Date.parse
 * does for `2026-01-01T02:00:00`), or epoch milliseconds. Every computation
 * happens on epoch milliseconds, i.e. in UTC.
 */

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/

/** Epoch milliseconds of a calendar date and time in UTC (also years 0–99, which Date.UTC would move to 19xx). */
export function utcMillis(year: number, month: number, day: number, hours = 0, minutes = 0, seconds = 0): number {
  const d = new Date(0)
  d.setUTCFullYear(year, month - 1, day)
  d.setUTCHours(hours, minutes, seconds, 0)
  return d.getTime()
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcMillis(year, month + 1, 0)).getUTCDate()
}

interface Fields { year: number; month: number; day: number; hours: number; minutes: number; seconds: number; offsetHours: number; offsetMinutes: number }

function inRange(f: Fields): boolean {
  const dayOk = f.month >= 1 && f.month <= 12 && f.day >= 1 && f.day <= daysInMonth(f.year, f.month)
  return dayOk && f.hours <= 23 && f.minutes <= 59 && f.seconds <= 59 && f.offsetHours <= 23 && f.offsetMinutes <= 59
}

/** Epoch milliseconds of an RFC 3339 time (fractions below a millisecond are dropped) or of epoch milliseconds; undefined when it is neither. */
export function parseTime(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && Math.abs(value) <= 8.64e15 ? Math.floor(value) : undefined
  const m = RFC3339.exec(value)
  if (m === null) return undefined
  const [year, month, day, hours, minutes, seconds, offsetHours, offsetMinutes] = [m[1], m[2], m[3], m[4], m[5], m[6], m[10], m[11]].map((v) => Number(v ?? 0)) as [number, number, number, number, number, number, number, number]
  if (!inRange({ year, month, day, hours, minutes, seconds, offsetHours, offsetMinutes })) return undefined
  const fraction = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3))
  const offset = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000
  return utcMillis(year, month, day, hours, minutes, seconds) + fraction - offset
}

/** RFC 3339 in UTC, without a fraction when it is zero (`2026-01-01T02:00:00Z`). */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z')
}

/** A duration as days, hours, minutes and seconds, largest first, zero units left out: 2592000 → `30d`, 5400 → `1h30m`, 0 → `0s`. */
export function formatSeconds(seconds: number): string {
  let rest = Math.max(0, Math.floor(seconds))
  const parts: string[] = []
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / size)
    rest -= n * size
    if (n > 0) parts.push(`${n}${unit}`)
  }
  return parts.length === 0 ? '0s' : parts.join('')
}
