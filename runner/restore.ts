/**
 * Restores and verification. The stored data is checked against the
 * manifest's SHA-256 before anything is restored: a corrupted backup is
 * refused. By default every database is restored under a new name
 * (`<db>_restore_<id>`); in place only with the confirmation of its name.
 */
import { finished } from 'node:stream/promises'
import crypto from 'node:crypto'
import { pickBackupAt, pickBackupById } from '../providers/backup/restore-point.js'
import { catalog } from './catalog.js'
import type { BackupEngine, Connection } from './engines/engine.js'
import type { Location } from './locations/location.js'
import { type Manifest, parseManifest } from './manifest.js'
import { decompressor } from './pipeline/compress.js'
import { Decrypt } from './pipeline/encrypt.js'
import { type FrameEvent, FrameDecoder, type PartHeader } from './pipeline/frames.js'

export interface RestoreTarget {
  /** Restore into the original names (dropping them first); requires confirm === the database names joined by ','. */
  inPlace?: { confirm: string }
  /** Name for a single-database restore. */
  to?: string
  /** Prefix of scratch names (verification). */
  scratch?: string
}

export interface Selection {
  id?: string
  at?: string
}

async function readAll(location: Location, key: string): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of await location.get(key)) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

/** The backup to use and its manifest, from the first location that holds it complete. */
export async function locate(locations: readonly Location[], prefix: string, sel: Selection): Promise<{ location: Location; manifest: Manifest }> {
  const errors: string[] = []
  for (const location of locations) {
    const entries = await catalog(location, prefix).catch((e: unknown) => {
      errors.push(`${location.name}: ${e instanceof Error ? e.message : String(e)}`)
      return []
    })
    const pick = sel.id !== undefined ? pickBackupById(entries, sel.id) : pickBackupAt(entries, sel.at ?? new Date(8.64e15).toISOString())
    if (!pick.ok) {
      errors.push(`${location.name}: ${pick.message}`)
      continue
    }
    return { location, manifest: parseManifest((await readAll(location, `${prefix}/${pick.backup.id}/manifest.json`)).toString('utf8')) }
  }
  throw new Error(`no usable backup: ${errors.join('; ')}`)
}

/** Reads the stored data once and compares its SHA-256 with the manifest. */
export async function checksumMatches(location: Location, manifest: Manifest): Promise<boolean> {
  const hash = crypto.createHash('sha256')
  for await (const c of await location.get(manifest.dataKey)) hash.update(c as Buffer)
  return hash.digest('hex') === manifest.checksum
}

function targetName(part: PartHeader, manifest: Manifest, target: RestoreTarget): string | undefined {
  if (part.database === undefined) return undefined
  if (target.inPlace !== undefined) return part.database
  if (target.to !== undefined) return target.to
  return `${target.scratch ?? ''}${part.database}_restore_${manifest.id.toLowerCase()}`
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

/** Restores a located, checksum-verified backup; returns the databases created. */
export async function restoreBackup(o: RestoreOptions): Promise<string[]> {
  const { manifest, target } = o
  if (manifest.encrypted && o.key === undefined) throw new Error('the backup is encrypted and no key is mounted')
  if (target.to !== undefined && manifest.databases.length !== 1) throw new Error(`--to names one database, but backup ${manifest.id} holds ${manifest.databases.length}`)
  if (target.inPlace !== undefined && target.inPlace.confirm !== manifest.databases.map((d) => d.name).join(',')) {
    throw new Error(`restoring in place replaces ${manifest.databases.map((d) => d.name).join(',')}: confirm with exactly that`)
  }
  if (!(await checksumMatches(o.location, manifest))) throw new Error(`backup ${manifest.id} in ${o.location.name} does not match its checksum: refusing to restore it`)
  const created: string[] = []
  const decoder = new FrameDecoder()
  const source = await o.location.get(manifest.dataKey)
  const stages = [...(manifest.encrypted && o.key !== undefined ? [new Decrypt(o.key)] : []), decompressor(manifest.compression), decoder]
  const feed = stages.reduce<NodeJS.ReadableStream>((from, to) => from.pipe(to), source)
  let current: { stdin: NodeJS.WritableStream; done: Promise<void> } | undefined
  for await (const event of feed as AsyncIterable<FrameEvent>) {
    if (event.type === 'header') {
      const name = targetName(event.header, manifest, target)
      if (name === undefined) {
        current = undefined
        continue
      }
      if (target.inPlace !== undefined) await o.engine.dropDatabase(o.connection, name)
      else if (await o.engine.exists(o.connection, name)) throw new Error(`database ${name} exists already; choose another name with --to`)
      o.progress?.(`restoring ${event.header.name} into ${name}`)
      current = await o.engine.restore(o.connection, event.header, name)
      created.push(name)
    } else if (event.type === 'data' && current !== undefined) {
      if (!current.stdin.write(event.chunk)) await new Promise((r) => current?.stdin.once('drain', r))
    } else if (event.type === 'endPart' && current !== undefined) {
      current.stdin.end()
      await Promise.all([current.done, finished(current.stdin)])
      current = undefined
    }
  }
  return created
}

/** Restores the backup into scratch databases, checks each has its tables, and drops them. */
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
    return problems.length === 0 ? { ok: true, message: `restored ${created.length} database(s) and checked their tables` } : { ok: false, message: problems.join('; ') }
  } catch (e: unknown) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) }
  } finally {
    for (const name of created) await o.engine.dropDatabase(o.connection, name).catch(() => undefined)
  }
}
