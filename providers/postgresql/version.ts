/** Versions and images of PostgreSQL, from the configured catalog. */
import type { ImageCatalog } from '../shared/context.js'
import { newestFirst } from '../shared/versions.js'

export type Resolved<T> = { ok: true; value: T } | { ok: false; reason: string; message: string }

/** The version to run: the requested one, or the catalog's newest. */
export function resolveVersion(catalog: ImageCatalog['postgresql'], requested: string | undefined): Resolved<{ version: string; image: string }> {
  // The usual case, a version the catalog has, needs no sorting.
  if (requested !== undefined) {
    const image = catalog[requested]
    if (image !== undefined) return { ok: true, value: { version: requested, image } }
  }
  const versions = newestFirst(Object.keys(catalog))
  const version = requested ?? versions[0]
  const image = version === undefined ? undefined : catalog[version]
  if (version === undefined || image === undefined) {
    return { ok: false, reason: 'UnsupportedVersion', message: `postgresql version ${requested ?? '(default)'} is not in the image catalog (known: ${versions.join(', ')})` }
  }
  return { ok: true, value: { version, image } }
}

/** The PostgreSQL major version of an image reference (`…/postgresql:17.10-system-trixie` → 17). */
export function majorOfImage(image: string): number | undefined {
  const match = /:(\d+)(?:\.\d+)*(?:[-@]|$)/.exec(image)
  return match?.[1] === undefined ? undefined : Number(match[1])
}

/** The version an image runs (`…:18.4-system-trixie` → `18.4`). */
export function versionOfImage(image: string): string | undefined {
  return /:(\d+(?:\.\d+)*)/.exec(image)?.[1]
}
