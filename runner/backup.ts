/**
 * One backup: dump every part once, frame, compress, optionally encrypt,
 * checksum, and write to every location at the same time in constant
 * memory. The manifest is written last, and only where the data is complete,
 * so a crash or a failed location never leaves something that looks like a
 * good backup. Returns the per-location result.
 */
import { type Duplex, Readable } from 'node:stream'
import { backupId, backupKeys } from '../providers/backup/backup-id.js'
import type { BackupEngine, Connection } from './engines/engine.js'
import type { Location } from './locations/location.js'
import type { Manifest } from './manifest.js'
import { compressor } from './pipeline/compress.js'
import { Encrypt } from './pipeline/encrypt.js'
import { frames } from './pipeline/frames.js'
import { Hasher } from './pipeline/hash.js'
import { tee } from './pipeline/tee.js'

export const RUNNER_VERSION = '0.1.0'

export interface BackupJob {
  engine: BackupEngine
  connection: Connection
  databases: readonly string[]
  locations: readonly Location[]
  compression: 'zstd' | 'gzip' | 'none'
  key: Buffer | undefined
  pathPrefix: string
  now: () => string
  signal?: AbortSignal
  progress?: (message: string) => void
}

export interface BackupResult {
  id: string
  startTime: string
  endTime: string
  size: number
  checksum: string
  ok: boolean
  error?: string
  locations: { name: string; ok: boolean; error?: string }[]
}

async function* framed(job: BackupJob, databases: readonly string[], killers: (() => void)[]): AsyncGenerator<Buffer> {
  for (const part of job.engine.parts(job.connection, databases)) {
    job.progress?.(`dumping ${part.name}`)
    yield frames.header(part)
    const dump = job.engine.dump(job.connection, part)
    killers.push(dump.kill)
    for await (const chunk of dump.stream) yield frames.data(chunk as Buffer)
    await dump.done
    yield frames.endPart()
  }
  yield frames.end()
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

export async function takeBackup(job: BackupJob): Promise<BackupResult> {
  const startTime = job.now()
  const id = backupId(startTime)
  const keys = backupKeys(job.pathPrefix, id, job.compression, job.key !== undefined)
  const databases = job.databases.length > 0 ? [...job.databases] : await job.engine.databases(job.connection)
  const tables = await Promise.all(databases.map(async (name) => ({ name, tables: await job.engine.tables(job.connection, name) })))
  const killers: (() => void)[] = []
  job.signal?.addEventListener('abort', () => {
    for (const k of killers) k()
  })
  const source = Readable.from(framed(job, databases, killers))
  const hasher = new Hasher()
  const stages: Duplex[] = [compressor(job.compression), ...(job.key === undefined ? [] : [new Encrypt(job.key)]), hasher]
  let firstError: string | undefined
  const stored = stages.reduce<Readable>((from, to) => from.pipe(to), source)
  const { branches, fail } = tee(stored, job.locations.map((l) => l.name))
  const dumping = new Promise<string | undefined>((resolve) => {
    const failAll = (e: unknown) => {
      firstError ??= message(e)
      for (const b of branches) b.stream.destroy(new Error(firstError))
      resolve(firstError)
    }
    for (const s of [source, ...stages]) s.on('error', failAll)
    hasher.on('end', () => { resolve(firstError); })
  })
  const uploads = await Promise.allSettled(job.locations.map(async (location, i) => {
    try {
      await location.put(keys.data, (branches[i] as (typeof branches)[number]).stream)
    } catch (e: unknown) {
      fail(location.name, message(e))
      throw e
    }
  }))
  const dumpError = await dumping
  const size = hasher.size
  const checksum = dumpError === undefined ? hasher.digest() : ''
  const endTime = job.now()
  const manifest: Manifest = { apiVersion: 'backup.dbaas.io/v1alpha1', kind: 'BackupManifest', id, engine: job.engine.name, engineVersion: await job.engine.version(job.connection).catch(() => 'unknown'), runnerVersion: RUNNER_VERSION, startTime, endTime, size, checksum, compression: job.compression, encrypted: job.key !== undefined, dataKey: keys.data, databases: tables, ok: true }
  const locations = await Promise.all(
    job.locations.map(async (location, i) => {
      const upload = uploads[i]
      if (dumpError !== undefined) return { name: location.name, ok: false, error: `the dump failed: ${dumpError}` }
      if (upload?.status === 'rejected') return { name: location.name, ok: false, error: message(upload.reason) }
      try {
        await location.put(keys.manifest, Readable.from([Buffer.from(JSON.stringify(manifest, null, 2))]))
        return { name: location.name, ok: true }
      } catch (e: unknown) {
        return { name: location.name, ok: false, error: `manifest: ${message(e)}` }
      }
    }),
  )
  const failed = locations.filter((l) => !l.ok)
  const ok = dumpError === undefined && failed.length === 0
  job.progress?.(ok ? `backup ${id} complete: ${size} bytes, sha256 ${checksum}` : `backup ${id} failed`)
  return { id, startTime, endTime, size, checksum, ok, ...(ok ? {} : { error: dumpError ?? failed.map((f) => `${f.name}: ${f.error ?? ''}`).join('; ') }), locations }
}
