/**
 * The hook server's configuration: environment variables read once, and an
 * optional file (DBAAS_CONFIG, YAML or JSON) that overrides fields of the
 * shipped operator configuration. Anything wrong fails at start with a
 * message that names the variable or the file and the field.
 */
import fs from 'node:fs'
import YAML, { isMap, isScalar } from 'yaml'
import type { ImageCatalog, OperatorConfig } from '../providers/shared/context.js'
import { DEFAULT_CONFIG } from '../providers/shared/defaults.js'
import { type ConfigFile, checkConfigFile } from './contract/config-file.js'
import { LOG_LEVELS } from './logger.js'

export interface ServerEnv {
  port: number
  host: string
  logLevel: (typeof LOG_LEVELS)[number]
  drainSeconds: number
  configFile?: string
}

function integer(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!/^\d+$/.test(value.trim()) || n > max) throw new Error(`${name} must be an integer from 0 to ${max}, not "${value}"`)
  return n
}

function logLevel(value: string | undefined): ServerEnv['logLevel'] {
  if (value === undefined || value === '') return 'info'
  const level = LOG_LEVELS.find((l) => l === value)
  if (level === undefined) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${value}"`)
  return level
}

/** PORT (8080), HOST (0.0.0.0), LOG_LEVEL (info), DRAIN_SECONDS (5), DBAAS_CONFIG (none). */
export function readEnv(env: NodeJS.ProcessEnv): ServerEnv {
  const result: ServerEnv = {
    port: integer('PORT', env.PORT, 8080, 65535),
    host: env.HOST === undefined || env.HOST === '' ? '0.0.0.0' : env.HOST,
    logLevel: logLevel(env.LOG_LEVEL),
    drainSeconds: integer('DRAIN_SECONDS', env.DRAIN_SECONDS, 5, 3600),
  }
  if (env.DBAAS_CONFIG !== undefined && env.DBAAS_CONFIG !== '') result.configFile = env.DBAAS_CONFIG
  return result
}

/** Parses YAML (or JSON); an unquoted version key such as `8.0` keeps its text instead of becoming 8. */
function parse(text: string): unknown {
  const doc = YAML.parseDocument(text, { uniqueKeys: true })
  if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join('; '))
  const images = doc.get('images')
  if (isMap(images)) {
    for (const catalog of images.items.map((p) => p.value)) {
      if (!isMap(catalog)) continue
      for (const pair of catalog.items) if (isScalar(pair.key) && typeof pair.key.value !== 'string' && pair.key.source !== undefined) pair.key.value = pair.key.source
    }
  }
  return doc.toJS() ?? {}
}

/** The file's fields on top of base: validated first, so nothing half-applies. */
export function applyConfigFile(base: OperatorConfig, raw: unknown, file = 'DBAAS_CONFIG'): OperatorConfig {
  const problems = checkConfigFile(raw)
  if (problems.length > 0) throw new Error(`${file}: ${problems.join('; ')}`)
  const overrides = raw as ConfigFile
  const config: OperatorConfig = { ...base }
  if (overrides.images !== undefined) config.images = { ...base.images, ...(overrides.images as Partial<ImageCatalog>) }
  if (overrides.engines !== undefined) config.engines = overrides.engines
  if (overrides.podMonitors !== undefined) config.podMonitors = overrides.podMonitors
  if (overrides.clusterDomain !== undefined) config.clusterDomain = overrides.clusterDomain
  if (overrides.runnerImage !== undefined) config.runnerImage = overrides.runnerImage
  return config
}

/** DEFAULT_CONFIG, or DEFAULT_CONFIG with the file's fields on top. */
export function loadConfig(file: string | undefined): OperatorConfig {
  if (file === undefined) return DEFAULT_CONFIG
  let raw: unknown
  try {
    raw = parse(fs.readFileSync(file, 'utf8'))
  } catch (error: unknown) {
    throw new Error(`DBAAS_CONFIG ${file}: cannot read it: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
  return applyConfigFile(DEFAULT_CONFIG, raw, `DBAAS_CONFIG ${file}`)
}
