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

  async list(prefix: string): Promise<StoredObject[]> {
    const dir = prefix === '' ? path.resolve(this.root) : this.file(prefix)
    const out: StoredObject[] = []
    const walk = async (d: string): Promise<void> => {
      const entries = await fsp.readdir(d, { withFileTypes: true }).catch(() => [])
      for (const e of entries) {
        const full = path.join(d, e.name)
        if (e.isDirectory()) await walk(full)
        else out.push({ key: path.relative(this.root, full).split(path.sep).join('/'), size: (await fsp.stat(full)).size })
      }
    }
    await walk(dir)
    return out.sort((a, b) => a.key.localeCompare(b.key))
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
