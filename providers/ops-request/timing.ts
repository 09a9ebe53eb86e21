/** Default timeouts per operation type, and time arithmetic on RFC 3339 strings. */
import type { OpsType } from '../../api/capabilities.js'

const LONG: readonly OpsType[] = ['VolumeExpansion', 'Upgrade', 'Backup', 'Restore']

export function timeoutSeconds(type: OpsType, explicit: number | undefined): number {
  return explicit ?? (LONG.includes(type) ? 7200 : 1800)
}

export function addSeconds(time: string, seconds: number): string {
  return new Date(Date.parse(time) + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Seconds from `now` until `at` (at least 1), for resyncAfterSeconds. */
export function secondsUntil(now: string, at: string): number {
  return Math.max(1, Math.ceil((Date.parse(at) - Date.parse(now)) / 1000))
}
