/**
 * A directory on a mounted volume. A write goes to `<key>.partial`, is
 * fsynced, renamed into place and its directory fsynced, so a crash never
 * leaves a file that looks complete; a failed write removes its partial file.
 */
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Location, StoredObject } from './location.js'

async function syncFile(file: string): Promise<void> {
  const handle = await fsp.open(file, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Files per page of listPages. */
const PAGE = 1000

function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT'
}

/** The size of a listed file; undefined when it is gone meanwhile (a dangling symlink still counts, with size 0). */
async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await fsp.stat(file)).size
  } catch (error: unknown) {
    if (!isMissing(error)) throw error
    const link = await fsp.lstat(file).catch((e: unknown) => {
      if (isMissing(e)) return undefined
      throw e
    })
    return link === undefined ? undefined : 0
  }
}

export class FilesystemLocation implements Location {
  readonly name: string
  private readonly root: string

  constructor(name: string, root: string) {
    this.name = name
    this.root = root
  }

  private file(key: string): string {
    const full = path.resolve(this.root, key)
    if (!full.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`key ${key} leaves the location`)
    return full
  }

  async put(key: string, body: Readable): Promise<void> {
    const target = this.file(key)
    await fsp.mkdir(path.dirname(target), { recursive: true })
    const partial = `${target}.partial`
    try {
      await pipeline(body, fs.createWriteStream(partial))
      await syncFile(partial)
      await fsp.rename(partial, target)
      await syncFile(path.dirname(target))
    } catch (error: unknown) {
      await fsp.rm(partial, { force: true })
      await this.removeEmptyDirs(path.dirname(target))
      throw error
    }
  }

  async get(key: string): Promise<Readable> {
    await fsp.access(this.file(key))
    return fs.createReadStream(this.file(key))
  }

  /** Every file under `prefix`, sorted by key. A missing directory holds nothing; any other error (EACCES, EIO) throws. */
  async list(prefix: string): Promise<StoredObject[]> {
    const out: StoredObject[] = []
    for await (const o of this.walk(this.dirOf(prefix))) out.push(o)
    return out.sort((a, b) => a.key.localeCompare(b.key))
  }

  /** The files under `prefix` in directory order, up to PAGE of them at a time: only a page and one open directory per level are held. */
  async *listPages(prefix: string): AsyncIterable<StoredObject[]> {
    let page: StoredObject[] = []
    for await (const o of this.walk(this.dirOf(prefix))) {
      page.push(o)
      if (page.length >= PAGE) {
        yield page
        page = []
      }
    }
    if (page.length > 0) yield page
  }

  /**
   * The entries of `dir`, streamed; none when it does not exist (ENOENT: a
   * folder never written, or removed meanwhile). Any other error throws:
   * a directory that cannot be read is not an empty one.
   */
  protected async *entries(dir: string): AsyncIterable<fs.Dirent> {
    let handle: fs.Dir
    try {
      handle = await fsp.opendir(dir)
    } catch (error: unknown) {
      if (isMissing(error)) return
      throw error
    }
    for await (const entry of handle) yield entry
  }

  private dirOf(prefix: string): string {
    return prefix === '' ? path.resolve(this.root) : this.file(prefix)
  }

  private async *walk(dir: string): AsyncGenerator<StoredObject> {
    for await (const e of this.entries(dir)) {
      const full = path.join(dir, e.name)
      if (e.isDirectory()) {
        yield* this.walk(full)
        continue
      }
      const size = await sizeOf(full)
      if (size !== undefined) yield { key: path.relative(this.root, full).split(path.sep).join('/'), size }
    }
  }

  /** Deletes the file, then the directories it leaves empty (up to the location's root). */
  async delete(key: string): Promise<void> {
    const file = this.file(key)
    await fsp.rm(file, { force: true })
    await this.removeEmptyDirs(path.dirname(file))
  }

  /** Removes `dir` and its parents while they are empty, never the root. */
  private async removeEmptyDirs(dir: string): Promise<void> {
    const root = path.resolve(this.root)
    for (let d = dir; d !== root && d.startsWith(root + path.sep); d = path.dirname(d)) {
      try {
        await fsp.rmdir(d)
      } catch {
        return
      }
    }
  }
}
