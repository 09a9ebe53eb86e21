/** Versions from the image catalog: the requested one, or the newest; never a downgrade. */
import type { Engine } from '../../api/database-cluster.js'
import type { ImageCatalog } from './context.js'
import type { Lookup } from './related.js'
import { compareVersions, newestFirst } from './versions.js'

export function resolveCatalogVersion(engine: Engine, catalog: ImageCatalog, requested: string | undefined): Lookup<{ version: string; image: string }> {
  const entries = catalog[engine]
  const versions = newestFirst(Object.keys(entries))
  const version = requested ?? versions[0]
  const image = version === undefined ? undefined : entries[version]
  if (version === undefined || image === undefined) {
    return { ok: false, reason: 'UnsupportedVersion', message: `${engine} version ${requested ?? '(default)'} is not in the image catalog (known: ${versions.join(', ')})` }
  }
  return { ok: true, value: { version, image } }
}

/** A problem when `to` is older than what last ran (`from`, from the observed child's last-applied configuration). */
export function downgradeProblem(engine: Engine, from: string | undefined, to: string): { reason: string; message: string } | undefined {
  if (from === undefined || compareVersions(to, from) >= 0) return undefined
  return { reason: 'VersionDowngrade', message: `${engine} cannot go back from ${from} to ${to}` }
}
