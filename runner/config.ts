/**
 * Reading the runner's configuration and mounted credentials. Paths default
 * to where the runner Deployment mounts them (api/runner.ts RUNNER_PATHS);
 * environment variables override them for local runs and tests.
 */
import fs from 'node:fs'
import path from 'node:path'
import { ENCRYPTION_KEYS, GCS_KEYS, S3_KEYS } from '../api/backup-storage-class.js'
import { RUNNER_PATHS, RunnerConfig, type RunnerLocation } from '../api/runner.js'
import { parserFor } from '../api/validate.js'
import type { Connection } from './engines/engine.js'
import { FilesystemLocation } from './locations/filesystem.js'
import { GcsLocation } from './locations/gcs.js'
import type { Location } from './locations/location.js'
import { S3Location, type S3Options } from './locations/s3.js'
import { deriveKey } from './pipeline/encrypt.js'

export interface RunnerPaths {
  config: string
  targetCredentials: string
  storageCredentials: string
  backups: string
}

export function pathsFromEnv(env: NodeJS.ProcessEnv): RunnerPaths {
  return {
    config: env.DBAAS_RUNNER_CONFIG ?? RUNNER_PATHS.config,
    targetCredentials: env.DBAAS_TARGET_CREDENTIALS ?? RUNNER_PATHS.targetCredentials,
    storageCredentials: env.DBAAS_STORAGE_CREDENTIALS ?? RUNNER_PATHS.storageCredentials,
    backups: env.DBAAS_BACKUPS_ROOT ?? RUNNER_PATHS.backups,
  }
}

const parseConfig = parserFor<RunnerConfig>(RunnerConfig)

export function readConfig(file: string): RunnerConfig {
  const parsed = parseConfig(JSON.parse(fs.readFileSync(file, 'utf8')))
  if (!parsed.ok) throw new Error(`${file} is not a valid runner configuration: ${parsed.errors.join('; ')}`)
  return parsed.value
}

function secretFile(dir: string, name: string): string | undefined {
  const file = path.join(dir, name)
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : undefined
}

export function connection(config: RunnerConfig, paths: RunnerPaths): Connection {
  const username = config.target.username ?? secretFile(paths.targetCredentials, 'username')
  const password = secretFile(paths.targetCredentials, 'password')
  if (username === undefined || password === undefined) throw new Error(`database credentials missing under ${paths.targetCredentials} (files username and password)`)
  return { host: config.target.host, port: config.target.port, username, password, tls: config.target.tls }
}

type Cred = (key: string) => string | undefined

function s3Credentials(l: RunnerLocation, cred: Cred): S3Options['credentials'] {
  const id = cred(S3_KEYS.accessKeyId)
  const secret = cred(S3_KEYS.secretAccessKey)
  if (id === undefined || secret === undefined) throw new Error(`location ${l.name}: access keys missing (${l.name}.${S3_KEYS.accessKeyId}, ${l.name}.${S3_KEYS.secretAccessKey})`)
  const token = cred(S3_KEYS.sessionToken)
  return { accessKeyId: id, secretAccessKey: secret, ...(token === undefined ? {} : { sessionToken: token }) }
}

function s3Location(l: RunnerLocation, s3: NonNullable<RunnerLocation['s3']>, cred: Cred): S3Location {
  const ca = cred(S3_KEYS.ca)
  const credentials = s3.credentials ? s3Credentials(l, cred) : undefined
  const optional = { prefix: s3.prefix, region: s3.region, endpoint: s3.endpoint, credentials }
  return new S3Location(l.name, {
    bucket: s3.bucket,
    forcePathStyle: s3.forcePathStyle,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    ...(ca === undefined && !s3.insecureSkipTLSVerify ? {} : { tls: { ...(ca === undefined ? {} : { ca }), insecureSkipVerify: s3.insecureSkipTLSVerify } }),
  })
}

function gcsLocation(l: RunnerLocation, gcs: NonNullable<RunnerLocation['gcs']>, cred: Cred): GcsLocation {
  const json = cred(GCS_KEYS.credentials)
  if (gcs.credentials && json === undefined) throw new Error(`location ${l.name}: service account key missing (${l.name}.${GCS_KEYS.credentials})`)
  return new GcsLocation(l.name, { bucket: gcs.bucket, ...(gcs.prefix === undefined ? {} : { prefix: gcs.prefix }), ...(json === undefined ? {} : { credentialsJson: json }) })
}

/** A filesystem location's directory: its path inside the runner, moved under DBAAS_BACKUPS_ROOT for local runs. */
export function filesystemRoot(l: RunnerLocation, paths: RunnerPaths): string {
  const dir = l.filesystem?.path ?? path.join(RUNNER_PATHS.backups, l.name)
  const relative = path.relative(RUNNER_PATHS.backups, dir)
  return relative.startsWith('..') ? dir : path.join(paths.backups, relative)
}

function filesystemLocation(l: RunnerLocation, paths: RunnerPaths): FilesystemLocation {
  return new FilesystemLocation(l.name, filesystemRoot(l, paths))
}

/** One location from its description and the credentials mounted as `<location name>.<KEY>` under paths.storageCredentials. */
export function buildLocation(l: RunnerLocation, paths: RunnerPaths): Location {
  const cred: Cred = (key) => secretFile(paths.storageCredentials, `${l.name}.${key}`)
  if (l.s3 !== undefined) return s3Location(l, l.s3, cred)
  if (l.gcs !== undefined) return gcsLocation(l, l.gcs, cred)
  return filesystemLocation(l, paths)
}

export function locations(config: RunnerConfig, paths: RunnerPaths): Location[] {
  return config.storage.locations.map((l) => buildLocation(l, paths))
}

export function encryptionKey(config: RunnerConfig, paths: RunnerPaths): Buffer | undefined {
  if (!config.storage.encryption) return undefined
  const key = secretFile(paths.storageCredentials, `encryption.${ENCRYPTION_KEYS.key}`)
  if (key === undefined) throw new Error(`encryption is on but the key is not mounted (encryption.${ENCRYPTION_KEYS.key})`)
  return deriveKey(key)
}

/** Every secret the runner holds, for the redactor: the database password and every mounted storage credential. */
export function secrets(paths: RunnerPaths): string[] {
  const out: string[] = []
  const password = secretFile(paths.targetCredentials, 'password')
  if (password !== undefined) out.push(password)
  const dir = paths.storageCredentials
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => !f.startsWith('..') && fs.statSync(path.join(dir, f)).isFile()) : []
  for (const f of files) {
    const value = secretFile(dir, f)
    if (value === undefined || f.endsWith(`.${S3_KEYS.accessKeyId}`) || f.endsWith(`.${S3_KEYS.ca}`)) continue
    out.push(value)
    if (f.endsWith(GCS_KEYS.credentials)) {
      try {
        const key = (JSON.parse(value) as { private_key?: unknown }).private_key
        if (typeof key === 'string') out.push(key, ...key.split('\n').filter((line) => line.length > 16 && !line.startsWith('-----')))
      } catch {
        // not JSON: the whole file is redacted already
      }
    }
  }
  return out
}
