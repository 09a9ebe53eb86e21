/**
 * The annotations that attach a DatabaseBackup to a database nobody wrapped
 * in a DatabaseCluster, and how they are read.
 */
import type { KeepSpec } from '../../api/database-backup.js'

export const ANNOTATION_PREFIX = 'backup.dbaas.io/'
export const A = {
  storageClass: `${ANNOTATION_PREFIX}storage-class`,
  schedule: `${ANNOTATION_PREFIX}schedule`,
  timeZone: `${ANNOTATION_PREFIX}time-zone`,
  keep: `${ANNOTATION_PREFIX}keep`,
  maxAge: `${ANNOTATION_PREFIX}max-age`,
  databases: `${ANNOTATION_PREFIX}databases`,
  engine: `${ANNOTATION_PREFIX}engine`,
  host: `${ANNOTATION_PREFIX}host`,
  port: `${ANNOTATION_PREFIX}port`,
  credentialsSecret: `${ANNOTATION_PREFIX}credentials-secret`,
  suspend: `${ANNOTATION_PREFIX}suspend`,
  /** Written by us on the target: which DatabaseBackup serves it, or why none can. */
  backup: `${ANNOTATION_PREFIX}backup`,
  error: `${ANNOTATION_PREFIX}error`,
} as const

export type Read<T> = { ok: true; value: T } | { ok: false; message: string }

const KEEP_RULES = ['last', 'hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const

/** `last=7,daily=14,weekly=8` → KeepSpec. */
export function parseKeep(text: string): Read<KeepSpec> {
  const keep: KeepSpec = {}
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const [rule, count] = part.split('=').map((s) => s.trim())
    const n = Number(count)
    if (!KEEP_RULES.includes(rule as (typeof KEEP_RULES)[number]) || !Number.isInteger(n) || n < 0) {
      return { ok: false, message: `${A.keep}: "${part}" is not one of ${KEEP_RULES.map((r) => `${r}=N`).join(', ')}` }
    }
    keep[rule as (typeof KEEP_RULES)[number]] = n
  }
  return { ok: true, value: keep }
}

export function parseList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '')
  return items.length === 0 ? undefined : items
}
