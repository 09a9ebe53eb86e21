/** What a location holds: backups by id, complete only when their manifest is there. */
import { idOfKey, parseBackupId } from '../providers/backup/backup-id.js'
import type { StoredBackup } from '../providers/backup/retention.js'
import type { Location } from './locations/location.js'

export interface CatalogEntry extends StoredBackup {
  keys: string[]
  size: number
}

export async function catalog(location: Location, prefix: string): Promise<CatalogEntry[]> {
  const objects = await location.list(`${prefix}/`)
  const byId = new Map<string, CatalogEntry>()
  for (const o of objects) {
    const id = idOfKey(prefix, o.key)
    if (id === undefined) continue
    const entry = byId.get(id) ?? { id, time: parseBackupId(id) ?? '', complete: false, ok: true, keys: [], size: 0 }
    entry.keys.push(o.key)
    if (o.key.endsWith('/manifest.json')) entry.complete = true
    else entry.size += o.size
    byId.set(id, entry)
  }
  return [...byId.values()].sort((a, b) => a.time.localeCompare(b.time))
}
