/**
 * Child names: deterministic, DNS-1123, within Kubernetes length limits.
 *
 * A name that would be too long is cut and ends with a short hash of the full
 * name, so two long parents never collide and the same parent always gets the
 * same name.
 */

export const MAX_NAME = 63

/** FNV-1a 32-bit hash, as 8 lowercase hex digits. Pure and stable across runs. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, '0')
}

/** `<base>-<suffix>`, cut to `max` characters with a hash when needed. */
export function childName(base: string, suffix: string, max: number = MAX_NAME): string {
  const full = suffix === '' ? base : `${base}-${suffix}`
  if (full.length <= max) return full
  const hash = shortHash(full)
  const keep = max - hash.length - 1
  const head = full.slice(0, keep).replace(/-+$/, '')
  return `${head}-${hash}`
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/

export function isDnsLabel(name: string, max: number = MAX_NAME): boolean {
  return name.length <= max && DNS_LABEL.test(name)
}
