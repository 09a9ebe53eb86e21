/**
 * A directory on a mounted volume. A write goes to `<key>.partial` and is
 * renamed into place after an fsync, so a crash never leaves a file that
 * looks complete.
 */
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Location, StoredObject } from './location.js'

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
    const out = fs.createWriteStream(partial)
    await pipeline(body, out)
    const handle = await fsp.open(partial, 'r+')
    await handle.sync()
    await handle.close()
    await fsp.rename(partial, target)
  }

  async get(key: string): Promise<Readable> {
    await fsp.access(this.file(key))
    return fs.createReadStream(this.file(key))
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const dir = this.file(prefix === '' ? '.' : prefix)
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

  async delete(key: string): Promise<void> {
    await fsp.rm(this.file(key), { force: true })
  }
}
