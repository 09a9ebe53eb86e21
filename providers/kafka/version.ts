/**
 * Kafka versions: the image from the operator's catalog, the KRaft metadata
 * version from what Strimzi 1.2.0 supports (its kafka-versions.yaml: 4.2.x
 * runs metadata 4.2-IV1, 4.3.x runs 4.3-IV0). Strimzi upgrades in two phases
 * by itself: with both fields raised at once it rolls the brokers on the old
 * metadata version first and raises it afterwards.
 */
import type { ImageCatalog } from '../shared/context.js'
import type { Lookup } from '../shared/related.js'
import { newestFirst } from '../shared/versions.js'

export const METADATA_VERSIONS: Readonly<Record<string, string>> = { '4.2': '4.2-IV1', '4.3': '4.3-IV0' }

export interface KafkaVersion {
  version: string
  image: string
  metadataVersion: string
}

function minorOf(version: string): string {
  return version.split('.').slice(0, 2).join('.')
}

/** The requested version (`4.3.1`, or `4.3` for the newest 4.3.x in the catalog), or the newest. */
export function resolveKafkaVersion(catalog: ImageCatalog['kafka'], requested: string | undefined): Lookup<KafkaVersion> {
  const known = newestFirst(Object.keys(catalog))
  const version = requested === undefined ? known[0] : known.find((v) => v === requested) ?? known.find((v) => v.startsWith(`${requested}.`))
  const image = version === undefined ? undefined : catalog[version]
  if (version === undefined || image === undefined) {
    return { ok: false, reason: 'UnsupportedVersion', message: `kafka version ${requested ?? '(default)'} is not in the image catalog (known: ${known.join(', ')})` }
  }
  const metadataVersion = METADATA_VERSIONS[minorOf(version)]
  if (metadataVersion === undefined) {
    return { ok: false, reason: 'UnsupportedVersion', message: `kafka ${version} is in the image catalog, but Strimzi 1.2 runs only ${Object.keys(METADATA_VERSIONS).map((m) => `${m}.x`).join(' and ')}` }
  }
  return { ok: true, value: { version, image, metadataVersion } }
}
