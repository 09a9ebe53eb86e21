/** The version in package.json, found from this file in the source tree (cli/) and in the build (dist/cli/). */
import fs from 'node:fs'
import path from 'node:path'

export function packageVersion(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json')
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown }
      if (pkg.name === 'dbaas-operator' && typeof pkg.version === 'string') return pkg.version
    }
    if (path.dirname(dir) === dir) return '0.0.0-unknown'
  }
}
