/**
 * The DBAAS_CONFIG file: any top-level field of the shipped OperatorConfig,
 * overriding it; image catalogs replace that engine's catalog whole. Closed:
 * an unknown or misspelt field is an error, not a silent default.
 */
import Type, { type Static } from 'typebox'
import { ENGINES, type Engine } from '../../api/database-cluster.js'
import { checkerFor } from '../../api/validate.js'

const Catalog = Type.Record(Type.String({ minLength: 1 }), Type.String({ minLength: 1 }), { minProperties: 1 })

export const ConfigFile = Type.Object(
  {
    images: Type.Optional(Type.Object(Object.fromEntries(ENGINES.map((e) => [e, Type.Optional(Catalog)])), { additionalProperties: false })),
    engines: Type.Optional(Type.Array(Type.Unsafe<Engine>({ type: 'string', enum: [...ENGINES] }), { uniqueItems: true })),
    podMonitors: Type.Optional(Type.Boolean()),
    clusterDomain: Type.Optional(Type.String({ minLength: 1 })),
    runnerImage: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
)

export type ConfigFile = Static<typeof ConfigFile>

const check = checkerFor(ConfigFile)

function unknownKeys(value: unknown, known: readonly string[], at: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return []
  return Object.keys(value).filter((k) => !known.includes(k)).map((k) => `${at}${k} is not a known field (known: ${known.join(', ')})`)
}

/** Problems with a parsed file, each naming the field; empty when it is valid. */
export function checkConfigFile(raw: unknown): string[] {
  const names = [...unknownKeys(raw, Object.keys(ConfigFile.properties), ''), ...unknownKeys((raw as { images?: unknown } | null)?.images, ENGINES, 'images.')]
  if (names.length > 0) return names
  return check(raw).map((p) => (p.includes('/engines/') ? `${p} (${ENGINES.join(', ')})` : p))
}
