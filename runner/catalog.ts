/**
 * What a location holds: backups by id. A backup is complete only when its
 * manifest and its data object are both there; anything else under a backup
 * id (data without manifest, a `.partial` file) belongs to an incomplete one.
 */
import { idOfKey, parseBackupId } from '../providers/backup/backup-id.js'
import type { StoredBackup } from '../providers/backup/retention.js'
import type { Location } from './locations/location.js'

export interface CatalogEntry extends StoredBackup {
  /** Every object stored under this backup id. */
  keys: string[]
  /** Bytes of every object of the backup. */
  size: number
  dataKey?: string
  dataSize?: number
  manifestKey?: string
}

const MANIFEST = /\/manifest\.json$/
const DATA = /\/data\.[a-z.]+$/

export async function catalog(location: Location, prefix: string): Promise<CatalogEntry[]> {
  const objects = await location.list(`${prefix}/`)
  const byId = new Map<string, CatalogEntry>()
  for (const o of objects) {
    const id = idOfKey(prefix, o.key)
    if (id === undefined) continue
    const entry = byId.get(id) ?? { id, time: parseBackupId(id) ?? '', complete: false, ok: true, keys: [], size: 0 }
    entry.keys.push(o.key)
    entry.size += o.size
    if (MANIFEST.test(o.key)) entry.manifestKey = o.key
    else if (DATA.test(o.key) && !o.key.endsWith('.partial')) {
      entry.dataKey = o.key
      entry.dataSize = o.size
    }
    entry.complete = entry.manifestKey !== undefined && entry.dataKey !== undefined
    byId.set(id, entry)
  }
  return [...byId.values()].sort((a, b) => a.time.localeCompare(b.time))
}

/** Deletes a backup: its manifest first, so an interrupted deletion leaves an incomplete backup, never a complete-looking one without data. */
export async function deleteBackup(location: Location, entry: CatalogEntry): Promise<void> {
  if (entry.manifestKey !== undefined) await location.delete(entry.manifestKey)
  for (const key of entry.keys.filter((k) => k !== entry.manifestKey)) await location.delete(key)
}
