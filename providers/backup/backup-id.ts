/**
 * Backup ids and object layout. An id is the backup's UTC start time
 * (`20260101T020000Z`): sortable, and the real backup time, not a label.
 * Each backup is `<prefix>/<id>/data.<ext>` plus `<prefix>/<id>/manifest.json`,
 * written last: a backup without a manifest is not complete.
 */

const ID = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/

export function backupId(startIso: string): string {
  const d = new Date(startIso)
  if (Number.isNaN(d.getTime())) throw new Error(`not a time: ${startIso}`)
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '')
}

/** The start time of a backup id, or undefined when the string is not one. */
export function parseBackupId(id: string): string | undefined {
  const m = ID.exec(id)
  if (m === null) return undefined
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`
  return Number.isNaN(Date.parse(iso)) || backupId(iso) !== id ? undefined : iso
}

export function dataExtension(compression: 'zstd' | 'gzip' | 'none', encrypted: boolean): string {
  const base = compression === 'gzip' ? 'dump.gz' : compression === 'zstd' ? 'dump.zst' : 'dump'
  return encrypted ? `${base}.enc` : base
}

function join(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined && p !== '').map((p) => p.replace(/^\/+|\/+$/g, '')).join('/')
}

export function backupKeys(prefix: string, id: string, compression: 'zstd' | 'gzip' | 'none', encrypted: boolean): { dir: string; data: string; manifest: string } {
  const dir = join(prefix, id)
  return { dir, data: `${dir}/data.${dataExtension(compression, encrypted)}`, manifest: `${dir}/manifest.json` }
}

/** The backup id a stored key belongs to, when it lies directly in a backup directory under `prefix`. */
export function idOfKey(prefix: string, key: string): string | undefined {
  const rest = key.startsWith(`${join(prefix)}/`) ? key.slice(join(prefix).length + 1) : undefined
  const id = rest?.split('/')[0]
  return id !== undefined && parseBackupId(id) !== undefined ? id : undefined
}
