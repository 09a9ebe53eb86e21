/**
 * The hook server's configuration: environment variables read once, and an
 * optional file (DBAAS_CONFIG, YAML or JSON) that overrides parts of the
 * shipped operator configuration (image catalog, engines, runner image).
 */
import fs from 'node:fs'
import YAML from 'yaml'
import { DEFAULT_CONFIG } from '../providers/shared/defaults.js'
import type { OperatorConfig } from '../providers/shared/context.js'
import { ENGINES } from '../api/database-cluster.js'

export interface ServerEnv {
  port: number
  host: string
  logLevel: string
  drainSeconds: number
  configFile: string | undefined
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, not ${value}`)
  return n
}

export function readEnv(env: NodeJS.ProcessEnv): ServerEnv {
  return {
    port: integer('PORT', env.PORT, 8080),
    host: env.HOST ?? '0.0.0.0',
    logLevel: env.LOG_LEVEL ?? 'info',
    drainSeconds: integer('DRAIN_SECONDS', env.DRAIN_SECONDS, 5),
    configFile: env.DBAAS_CONFIG === '' ? undefined : env.DBAAS_CONFIG,
  }
}

function isStringMap(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string')
}

/** DEFAULT_CONFIG with the file's fields on top; refuses anything it does not understand. */
export function loadConfig(file: string | undefined): OperatorConfig {
  if (file === undefined) return DEFAULT_CONFIG
  const raw = YAML.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown> | null
  const known = ['images', 'engines', 'podMonitors', 'clusterDomain', 'runnerImage']
  const unknown = Object.keys(raw ?? {}).filter((k) => !known.includes(k))
  if (unknown.length > 0) throw new Error(`${file}: unknown fields ${unknown.join(', ')} (known: ${known.join(', ')})`)
  const config: OperatorConfig = { ...DEFAULT_CONFIG, images: { ...DEFAULT_CONFIG.images } }
  const images = (raw?.images ?? {}) as Record<string, unknown>
  for (const [engine, catalog] of Object.entries(images)) {
    if (!(ENGINES as readonly string[]).includes(engine) || !isStringMap(catalog)) throw new Error(`${file}: images.${engine} must map versions to images for a known engine`)
    config.images = { ...config.images, [engine]: catalog }
  }
  if (raw?.engines !== undefined) {
    if (!Array.isArray(raw.engines) || !raw.engines.every((e) => (ENGINES as readonly unknown[]).includes(e))) throw new Error(`${file}: engines must be a list of ${ENGINES.join(', ')}`)
    config.engines = raw.engines as OperatorConfig['engines']
  }
  if (raw?.podMonitors !== undefined) config.podMonitors = raw.podMonitors === true
  if (typeof raw?.clusterDomain === 'string') config.clusterDomain = raw.clusterDomain
  if (typeof raw?.runnerImage === 'string') config.runnerImage = raw.runnerImage
  return config
}
