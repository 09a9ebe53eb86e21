/**
 * Restores and verification. The stored data is read once and checked
 * against the manifest's SHA-256 before anything is restored: a corrupted
 * backup is refused. By default every database is restored under a new name
 * (`<db>_restore_<id>`, or `--to`); in place only with the confirmation of
 * exactly the names being replaced.
 */
import crypto from 'node:crypto'
import { finished } from 'node:stream/promises'
import { pickBackupAt, pickBackupById } from '../providers/backup/restore-point.js'
import { catalog } from './catalog.js'
import type { BackupEngine, Connection, RestoreProcess } from './engines/engine.js'
import type { Location } from './locations/location.js'
import { type Manifest, parseManifest } from './manifest.js'
import { decompressor } from './pipeline/compress.js'
import { Decrypt } from './pipeline/encrypt.js'
import { type FrameEvent, FrameDecoder, type PartHeader } from './pipeline/frames.js'

export interface RestoreTarget {
  /** Replace the original databases (dropped first); `confirm` must be exactly their names, comma-separated. */
  inPlace?: { confirm: string }
  /** New name, when one database is restored. */
  to?: string
  /** Prefix of scratch names (verification). */
  scratch?: string
  /** Restore only these databases of the backup. */
  databases?: string[]
}

/** A backup id, a time (the newest backup taken at or before it), or neither (the newest). */
export interface Selection {
  id?: string
  at?: string
}

const FAR_FUTURE = '9999-12-31T23:59:59Z'

export async function readText(location: Location, key: string): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of await location.get(key)) chunks.push(c as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** The backup to use and its manifest, from the first location that holds it complete. */
export async function locate(locations: readonly Location[], prefix: string, sel: Selection): Promise<{ location: Location; manifest: Manifest }> {
  const errors: string[] = []
  for (const location of locations) {
    try {
      const entries = await catalog(location, prefix)
      const pick = sel.id !== undefined ? pickBackupById(entries, sel.id) : pickBackupAt(entries, sel.at ?? FAR_FUTURE)
      if (!pick.ok) {
        errors.push(`${location.name}: ${pick.message}`)
        continue
      }
      const manifestKey = entries.find((e) => e.id === pick.backup.id)?.manifestKey ?? `${prefix}/${pick.backup.id}/manifest.json`
      return { location, manifest: parseManifest(await readText(location, manifestKey), prefix) }
    } catch (e: unknown) {
      errors.push(`${location.name}: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
  throw new Error(`no usable backup: ${errors.join('; ')}`)
}

/** Reads the stored data once: its SHA-256 and size against the manifest. */
export async function checkData(location: Location, manifest: Manifest): Promise<{ ok: boolean; checksum: string; size: number }> {
  const hash = crypto.createHash('sha256')
  let size = 0
  for await (const c of await location.get(manifest.dataKey)) {
    hash.update(c as Buffer)
    size += (c as Buffer).length
  }
  const checksum = hash.digest('hex')
  return { ok: checksum === manifest.checksum && size === manifest.size, checksum, size }
}

/** Database names are at most 63 bytes in PostgreSQL (64 in MySQL and MongoDB): a generated name shortens the original's part. */
const MAX_NAME = 63

export function targetName(part: PartHeader, manifest: Manifest, target: RestoreTarget): string | undefined {
  if (part.database === undefined) return undefined
  if (target.databases !== undefined && !target.databases.includes(part.database)) return undefined
  if (target.inPlace !== undefined) return part.database
  if (target.to !== undefined) return target.to
  const prefix = target.scratch ?? ''
  const suffix = `_restore_${manifest.id.toLowerCase()}`
  let base = part.database
  while (Buffer.byteLength(prefix + base + suffix) > MAX_NAME) base = base.slice(0, -1)
  return `${prefix}${base}${suffix}`
}

/** Refuses a restore that cannot be right, before reading any data. */
export function checkRestore(manifest: Manifest, key: Buffer | undefined, target: RestoreTarget): string[] {
  const all = manifest.databases.map((d) => d.name)
  const unknown = (target.databases ?? []).filter((d) => !all.includes(d))
  if (unknown.length > 0) throw new Error(`backup ${manifest.id} holds ${all.join(', ')}, not ${unknown.join(', ')}`)
  const chosen = target.databases ?? all
  if (manifest.encrypted && key === undefined) throw new Error('the backup is encrypted and no key is mounted')
  if (target.to !== undefined && chosen.length !== 1) throw new Error(`--to names one database, but backup ${manifest.id} holds ${chosen.join(', ')}: choose one with --database`)
  if (target.inPlace !== undefined && target.inPlace.confirm !== chosen.join(',')) {
    throw new Error(`restoring in place replaces ${chosen.join(',')}: confirm with exactly that`)
  }
  return chosen
}

export interface RestoreOptions {
  engine: BackupEngine
  connection: Connection
  location: Location
  manifest: Manifest
  key: Buffer | undefined
  target: RestoreTarget
  progress?: (message: string) => void
}

async function begin(o: RestoreOptions, part: PartHeader, name: string): Promise<RestoreProcess> {
  if (o.target.inPlace !== undefined) await o.engine.dropDatabase(o.connection, name)
  else if (await o.engine.exists(o.connection, name)) throw new Error(`database ${name} exists already; choose another name with --to`)
  o.progress?.(`restoring ${part.name} into ${name}`)
  return o.engine.restore(o.connection, part, name)
}

async function write(current: RestoreProcess, chunk: Buffer): Promise<void> {
  if (current.stdin.write(chunk)) return
  await Promise.race([new Promise((r) => current.stdin.once('drain', r)), current.done])
}

async function end(current: RestoreProcess): Promise<void> {
  current.stdin.end()
  await Promise.all([current.done, finished(current.stdin)])
}

/** The stored data decoded: decrypted, decompressed, split into frames. */
async function open(o: RestoreOptions): Promise<{ events: AsyncIterable<FrameEvent>; close: () => void }> {
  const source = await o.location.get(o.manifest.dataKey)
  const stages = [...(o.manifest.encrypted && o.key !== undefined ? [new Decrypt(o.key)] : []), decompressor(o.manifest.compression), new FrameDecoder()]
  const last = stages[stages.length - 1]
  const feed = stages.reduce<NodeJS.ReadableStream>((from, to) => from.pipe(to), source)
  for (const s of [source, ...stages]) s.on('error', (e) => last?.destroy(e))
  return {
    events: feed as AsyncIterable<FrameEvent>,
    close: () => {
      source.destroy()
      for (const s of stages) s.destroy()
    },
  }
}

/** Restores a located backup after checking its checksum; returns the databases created. */
export async function restoreBackup(o: RestoreOptions): Promise<string[]> {
  checkRestore(o.manifest, o.key, o.target)
  o.progress?.(`checking backup ${o.manifest.id} against its SHA-256`)
  if (!(await checkData(o.location, o.manifest)).ok) throw new Error(`backup ${o.manifest.id} in ${o.location.name} does not match its checksum: refusing to restore it`)
  const created: string[] = []
  const data = await open(o)
  let current: RestoreProcess | undefined
  try {
    for await (const event of data.events) {
      if (event.type === 'header') {
        const name = targetName(event.header, o.manifest, o.target)
        current = name === undefined ? undefined : await begin(o, event.header, name)
        if (name !== undefined) created.push(name)
      } else if (event.type === 'data' && current !== undefined) await write(current, event.chunk)
      else if (event.type === 'endPart' && current !== undefined) {
        await end(current)
        current = undefined
      }
    }
  } finally {
    current?.stdin.destroy()
    data.close()
  }
  return created
}

/** Restores the backup into scratch databases, checks each has the tables it had, and drops them. */
export async function verifyBackup(o: Omit<RestoreOptions, 'target'>): Promise<{ ok: boolean; message: string }> {
  let created: string[] = []
  try {
    created = await restoreBackup({ ...o, target: { scratch: 'dbaas_verify_' } })
    const problems: string[] = []
    for (const [i, db] of o.manifest.databases.entries()) {
      const name = created[i]
      if (name === undefined) continue
      const tables = await o.engine.tables(o.connection, name)
      if (tables !== db.tables) problems.push(`${db.name}: ${tables} tables restored, ${db.tables} at backup time`)
    }
    return problems.length === 0 ? { ok: true, message: `backup ${o.manifest.id}: checksum ok, restored ${created.length} database(s) with all their tables` } : { ok: false, message: problems.join('; ') }
  } catch (e: unknown) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) }
  } finally {
    for (const name of created) await o.engine.dropDatabase(o.connection, name).catch(() => undefined)
  }
}
