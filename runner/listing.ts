/**
 * `list`: every backup of every location, with times, sizes and checksum
 * status. Without --verify the stored size is compared with the manifest's;
 * with it, the data is read and its SHA-256 compared too.
 */
import { message } from './backup.js'
import { catalog, type CatalogEntry } from './catalog.js'
import type { Location } from './locations/location.js'
import { parseManifest } from './manifest.js'
import { checkData, readText } from './restore.js'

export type ChecksumStatus = 'incomplete' | 'unchecked' | 'ok' | 'mismatch' | 'size-mismatch' | 'bad-manifest'

export interface ListedBackup {
  id: string
  time: string
  complete: boolean
  /** Bytes stored (every object of the backup). */
  size: number
  checksum?: string
  checksumStatus: ChecksumStatus
  engine?: string
  databases?: string[]
  endTime?: string
  error?: string
}

export interface LocationListing {
  location: string
  backups: ListedBackup[]
  error?: string
}

async function describe(location: Location, prefix: string, entry: CatalogEntry, verify: boolean): Promise<ListedBackup> {
  const base = { id: entry.id, time: entry.time, complete: entry.complete, size: entry.size }
  if (!entry.complete || entry.manifestKey === undefined) return { ...base, checksumStatus: 'incomplete' }
  let manifest
  try {
    manifest = parseManifest(await readText(location, entry.manifestKey), prefix)
  } catch (e: unknown) {
    return { ...base, checksumStatus: 'bad-manifest', error: message(e) }
  }
  const described = { ...base, checksum: manifest.checksum, engine: manifest.engine, databases: manifest.databases.map((d) => d.name), endTime: manifest.endTime }
  if (manifest.dataKey !== entry.dataKey || manifest.size !== entry.dataSize) return { ...described, checksumStatus: 'size-mismatch', error: `the manifest records ${manifest.size} bytes at ${manifest.dataKey}; stored: ${String(entry.dataSize)} bytes at ${entry.dataKey ?? 'nothing'}` }
  if (!verify) return { ...described, checksumStatus: 'unchecked' }
  try {
    const check = await checkData(location, manifest)
    return check.ok ? { ...described, checksumStatus: 'ok' } : { ...described, checksumStatus: 'mismatch', error: `stored data hashes to ${check.checksum}` }
  } catch (e: unknown) {
    return { ...described, checksumStatus: 'mismatch', error: message(e) }
  }
}

export async function listBackups(locations: readonly Location[], prefix: string, verify: boolean, progress: (m: string) => void): Promise<LocationListing[]> {
  return Promise.all(locations.map(async (location): Promise<LocationListing> => {
    try {
      const entries = await catalog(location, prefix)
      if (verify) progress(`${location.name}: checking ${entries.filter((e) => e.complete).length} backup(s) against their SHA-256`)
      const backups: ListedBackup[] = []
      for (const entry of entries) backups.push(await describe(location, prefix, entry, verify))
      return { location: location.name, backups }
    } catch (e: unknown) {
      return { location: location.name, backups: [], error: message(e) }
    }
  }))
}
