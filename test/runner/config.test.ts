/** The runner's configuration and mounted credentials turned into a connection, locations and a key. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { RunnerConfig } from '../../api/runner.js'
import { connection, encryptionKey, locations, readConfig, type RunnerPaths } from '../../runner/config.js'
import { FilesystemLocation } from '../../runner/locations/filesystem.js'
import { GcsLocation } from '../../runner/locations/gcs.js'
import { S3Location } from '../../runner/locations/s3.js'
import { deriveKey } from '../../runner/pipeline/encrypt.js'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-config-'))
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true })
})

const paths: RunnerPaths = { config: path.join(dir, 'config.json'), targetCredentials: path.join(dir, 'target'), storageCredentials: path.join(dir, 'storage'), backups: path.join(dir, 'backups') }
fs.mkdirSync(paths.targetCredentials)
fs.mkdirSync(paths.storageCredentials)

const config: RunnerConfig = {
  apiVersion: 'backup.dbaas.io/v1alpha1',
  kind: 'RunnerConfig',
  backup: { name: 'shop', namespace: 'team-a', uid: 'uid-shop' },
  engine: 'mariadb',
  target: { host: 'shop-haproxy.team-a.svc', port: 3306, databases: ['shop'], tls: 'require', username: 'backup' },
  schedule: '0 2 * * *',
  timeZone: 'Europe/Berlin',
  suspend: false,
  timeoutSeconds: 3600,
  retention: { maxAgeSeconds: 86400 * 30, minKeep: 3 },
  storage: {
    compression: 'zstd',
    encryption: true,
    pathPrefix: 'team-a/shop',
    locations: [
      { name: 'aws', s3: { bucket: 'b', prefix: 'backups', region: 'eu-central-1', forcePathStyle: false, insecureSkipTLSVerify: false, credentials: true } },
      { name: 'google', gcs: { bucket: 'g', credentials: false } },
      { name: 'nfs', filesystem: { path: '/backups/nfs' } },
    ],
  },
  report: { configMap: 'shop-report' },
  lease: { name: 'shop-lock' },
}

describe('runner configuration', () => {
  it('reads and validates the RunnerConfig the controller writes', () => {
    fs.writeFileSync(paths.config, JSON.stringify(config))
    expect(readConfig(paths.config)).toEqual(config)
    fs.writeFileSync(paths.config, JSON.stringify({ ...config, engine: 'oracle' }))
    expect(() => readConfig(paths.config)).toThrow(/is not a valid runner configuration: .*engine/)
  })

  it('takes the user name from the config when the Secret holds only a password', () => {
    expect(() => connection(config, paths)).toThrow(/database credentials missing/)
    fs.writeFileSync(path.join(paths.targetCredentials, 'password'), 'secret\n')
    expect(connection(config, paths)).toEqual({ host: 'shop-haproxy.team-a.svc', port: 3306, username: 'backup', password: 'secret', tls: 'require' })
  })

  it('builds each kind of location, refusing missing access keys, with filesystem paths under the backups root', () => {
    expect(() => locations(config, paths)).toThrow('location aws: access keys missing (aws.AWS_ACCESS_KEY_ID, aws.AWS_SECRET_ACCESS_KEY)')
    fs.writeFileSync(path.join(paths.storageCredentials, 'aws.AWS_ACCESS_KEY_ID'), 'AKIA')
    fs.writeFileSync(path.join(paths.storageCredentials, 'aws.AWS_SECRET_ACCESS_KEY'), 'secret')
    const [s3, gcs, nfs] = locations(config, paths)
    expect(s3).toBeInstanceOf(S3Location)
    expect(gcs).toBeInstanceOf(GcsLocation)
    expect(nfs).toBeInstanceOf(FilesystemLocation)
    expect(nfs?.name).toBe('nfs')
  })

  it('derives the encryption key from the mounted one, and refuses to run without it', () => {
    expect(() => encryptionKey(config, paths)).toThrow('encryption is on but the key is not mounted (encryption.ENCRYPTION_KEY)')
    fs.writeFileSync(path.join(paths.storageCredentials, 'encryption.ENCRYPTION_KEY'), 'k\n')
    expect(encryptionKey(config, paths)?.equals(deriveKey('k'))).toBe(true)
    expect(encryptionKey({ ...config, storage: { ...config.storage, encryption: false } }, paths)).toBeUndefined()
  })
})
