/**
 * Reading the runner's configuration and mounted credentials. Paths default
 * to where the runner Deployment mounts them (api/runner.ts RUNNER_PATHS);
 * environment variables override them for local runs and tests.
 */
import fs from 'node:fs'
import path from 'node:path'
import { ENCRYPTION_KEYS, GCS_KEYS, S3_KEYS } from '../api/backup-storage-class.js'
import { RUNNER_PATHS, RunnerConfig } from '../api/runner.js'
import { parserFor } from '../api/validate.js'
import type { Connection } from './engines/engine.js'
import { FilesystemLocation } from './locations/filesystem.js'
import { GcsLocation } from './locations/gcs.js'
import type { Location } from './locations/location.js'
import { S3Location } from './locations/s3.js'
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

export function locations(config: RunnerConfig, paths: RunnerPaths): Location[] {
  const cred = (location: string, key: string) => secretFile(paths.storageCredentials, `${location}.${key}`)
  return config.storage.locations.map((l): Location => {
    if (l.s3 !== undefined) {
      const id = cred(l.name, S3_KEYS.accessKeyId)
      const secret = cred(l.name, S3_KEYS.secretAccessKey)
      const token = cred(l.name, S3_KEYS.sessionToken)
      return new S3Location(l.name, {
        bucket: l.s3.bucket,
        ...(l.s3.prefix === undefined ? {} : { prefix: l.s3.prefix }),
        ...(l.s3.region === undefined ? {} : { region: l.s3.region }),
        ...(l.s3.endpoint === undefined ? {} : { endpoint: l.s3.endpoint }),
        forcePathStyle: l.s3.forcePathStyle,
        ...(l.s3.credentials && id !== undefined && secret !== undefined ? { credentials: { accessKeyId: id, secretAccessKey: secret, ...(token === undefined ? {} : { sessionToken: token }) } } : {}),
      })
    }
    if (l.gcs !== undefined) {
      const json = cred(l.name, GCS_KEYS.credentials)
      return new GcsLocation(l.name, { bucket: l.gcs.bucket, ...(l.gcs.prefix === undefined ? {} : { prefix: l.gcs.prefix }), ...(json === undefined ? {} : { credentialsJson: json }) })
    }
    const dir = l.filesystem?.path ?? path.join(paths.backups, l.name)
    return new FilesystemLocation(l.name, dir.startsWith(RUNNER_PATHS.backups) ? path.join(paths.backups, path.relative(RUNNER_PATHS.backups, dir)) : dir)
  })
}

export function encryptionKey(config: RunnerConfig, paths: RunnerPaths): Buffer | undefined {
  if (!config.storage.encryption) return undefined
  const key = secretFile(paths.storageCredentials, `encryption.${ENCRYPTION_KEYS.key}`)
  if (key === undefined) throw new Error('encryption is on but the key is not mounted')
  return deriveKey(key)
}
