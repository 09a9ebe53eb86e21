/**
 * One backup: dump every part once, frame, compress, optionally encrypt,
 * checksum, and write to every location at the same time in constant memory
 * (one stream.pipeline, so a failure anywhere stops every stage, kills the
 * dump tool and the compressor). The manifest is written last, and only
 * where the data is complete, so a crash or a failed location never leaves
 * something that looks like a good backup. Returns the per-location result.
 */
import { type Duplex, Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { backupId, backupKeys } from '../providers/backup/backup-id.js'
import type { BackupEngine, Connection, DumpProcess } from './engines/engine.js'
import type { Location } from './locations/location.js'
import { buildManifest, type Manifest } from './manifest.js'
import { compressor } from './pipeline/compress.js'
import { Encrypt } from './pipeline/encrypt.js'
import { frames } from './pipeline/frames.js'
import { Hasher } from './pipeline/hash.js'
import { Tee } from './pipeline/tee.js'

export interface BackupJob {
  engine: BackupEngine
  connection: Connection
  /** Databases to back up; empty means every user database. */
  databases: readonly string[]
  locations: readonly Location[]
  compression: 'zstd' | 'gzip' | 'none'
  key: Buffer | undefined
  pathPrefix: string
  /** The start (and so the id) when the caller already took it; now() otherwise. */
  startTime?: string
  now: () => string
  signal?: AbortSignal
  progress?: (message: string) => void
}

export interface LocationResult {
  name: string
  ok: boolean
  error?: string
}

export interface BackupResult {
  id: string
  startTime: string
  endTime: string
  size: number
  checksum: string
  ok: boolean
  error?: string
  locations: LocationResult[]
}

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

/** Data frames of up to BATCH bytes: a dump tool's pipe gives 64 KiB at a time, and fewer, larger chunks cost less downstream. */
const BATCH = 1024 * 1024

async function* batched(stream: AsyncIterable<unknown>): AsyncGenerator<Buffer> {
  let pending: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    const data = chunk as Buffer
    pending.push(data)
    size += data.length
    if (size >= BATCH) {
      yield frames.data(Buffer.concat(pending, size))
      pending = []
      size = 0
    }
  }
  if (size > 0) yield frames.data(Buffer.concat(pending, size))
}

/** The framed stream of every part; stopping it (return or error) kills the running dump tool. */
async function* framed(job: BackupJob, databases: readonly string[], dumping: { current?: DumpProcess }): AsyncGenerator<Buffer> {
  let current: DumpProcess | undefined
  try {
    for (const part of job.engine.parts(databases)) {
      job.progress?.(`dumping ${part.name}`)
      yield frames.header(part)
      current = job.engine.dump(job.connection, part)
      dumping.current = current
      yield* batched(current.stream)
      await current.done
      current = undefined
      delete dumping.current
      yield frames.endPart()
    }
    yield frames.end()
  } finally {
    current?.kill()
  }
}

/** Progress lines every 5 s while data flows: bytes stored so far. */
function reporter(job: BackupJob, hasher: Hasher): () => void {
  if (job.progress === undefined) return () => undefined
  const timer = setInterval(() => job.progress?.(`${(hasher.size / 2 ** 20).toFixed(1)} MiB stored so far`), 5000)
  return () => { clearInterval(timer) }
}

interface Source {
  databases: string[]
  engineVersion: string
  tables: { name: string; tables: number }[]
}

/** What the server holds before anything is written: the databases, its version, each database's tables. */
async function inspect(job: BackupJob): Promise<Source | string> {
  try {
    const databases = job.databases.length > 0 ? [...job.databases] : await job.engine.databases(job.connection)
    if (databases.length === 0) return 'there is no database to back up'
    const engineVersion = await job.engine.version(job.connection)
    const tables = await Promise.all(databases.map(async (name) => ({ name, tables: await job.engine.tables(job.connection, name) })))
    return { databases, engineVersion, tables }
  } catch (e: unknown) {
    return `cannot read the database server: ${message(e)}`
  }
}

/** Streams the dump once to every location's data key; resolves to the dump's error, if any. */
async function stream(job: BackupJob, databases: readonly string[], dataKey: string, hasher: Hasher, tee: Tee): Promise<{ dumpError?: string; uploads: PromiseSettledResult<void>[] }> {
  const uploads = Promise.allSettled(job.locations.map(async (location, i) => {
    const branch = tee.branches[i]
    if (branch === undefined) throw new Error(`no stream for ${location.name}`)
    try {
      await location.put(dataKey, branch.stream)
    } catch (e: unknown) {
      tee.fail(location.name, message(e))
      throw e
    }
  }))
  const stages: Duplex[] = [compressor(job.compression), ...(job.key === undefined ? [] : [new Encrypt(job.key)]), hasher]
  const stop = reporter(job, hasher)
  const dumping: { current?: DumpProcess } = {}
  let dumpError: string | undefined
  try {
    await pipeline([Readable.from(framed(job, databases, dumping)), ...stages, tee], job.signal === undefined ? {} : { signal: job.signal })
  } catch (e: unknown) {
    // The pipeline is torn down; the dump tool must not outlive it.
    dumping.current?.kill()
    dumpError = job.signal?.aborted === true ? `stopped: ${message(job.signal.reason)}` : message(e)
  } finally {
    stop()
  }
  return { ...(dumpError === undefined ? {} : { dumpError }), uploads: await uploads }
}

/** Writes the manifest where the data is complete; the result of each location. */
async function finish(job: BackupJob, manifest: Manifest, manifestKey: string, tee: Tee, dumpError: string | undefined, uploads: PromiseSettledResult<void>[]): Promise<LocationResult[]> {
  return Promise.all(job.locations.map(async (location, i): Promise<LocationResult> => {
    const own = tee.branches[i]?.failed
    if (own !== undefined) return { name: location.name, ok: false, error: own }
    if (dumpError !== undefined) return { name: location.name, ok: false, error: `the dump failed: ${dumpError}` }
    const upload = uploads[i]
    if (upload?.status === 'rejected') return { name: location.name, ok: false, error: message(upload.reason) }
    try {
      await location.put(manifestKey, Readable.from([Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)]))
      return { name: location.name, ok: true }
    } catch (e: unknown) {
      return { name: location.name, ok: false, error: `manifest: ${message(e)}` }
    }
  }))
}

export async function takeBackup(job: BackupJob): Promise<BackupResult> {
  const startTime = job.startTime ?? job.now()
  const id = backupId(startTime)
  const keys = backupKeys(job.pathPrefix, id, job.compression, job.key !== undefined)
  const source = await inspect(job)
  if (typeof source === 'string') return { id, startTime, endTime: job.now(), size: 0, checksum: '', ok: false, error: source, locations: job.locations.map((l) => ({ name: l.name, ok: false, error: source })) }
  job.progress?.(`backup ${id}: ${source.databases.join(', ')} (${job.engine.name} ${source.engineVersion}) to ${job.locations.map((l) => l.name).join(', ')}`)
  const hasher = new Hasher()
  const tee = new Tee(job.locations.map((l) => l.name))
  const { dumpError, uploads } = await stream(job, source.databases, keys.data, hasher, tee)
  const checksum = dumpError === undefined ? hasher.digest() : ''
  const endTime = job.now()
  const manifest = buildManifest({ id, engine: job.engine.name, engineVersion: source.engineVersion, startTime, endTime, size: hasher.size, checksum, compression: job.compression, encrypted: job.key !== undefined, dataKey: keys.data, databases: source.tables })
  const locations = await finish(job, manifest, keys.manifest, tee, dumpError, uploads)
  const bad = locations.filter((l) => !l.ok)
  const ok = dumpError === undefined && bad.length === 0
  const error = dumpError ?? bad.map((f) => `${f.name}: ${f.error ?? ''}`).join('; ')
  job.progress?.(ok ? `backup ${id} complete: ${hasher.size} bytes, sha256 ${checksum}` : `backup ${id} failed: ${error}`)
  return { id, startTime, endTime, size: hasher.size, checksum, ok, ...(ok ? {} : { error }), locations }
}
