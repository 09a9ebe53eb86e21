/** Secrets never leave the runner in a log line or an answer. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { secrets } from '../../runner/config.js'
import { redactor } from '../../runner/redact.js'

describe('redactor', () => {
  it('removes each secret as written, URL-encoded and JSON-escaped, and leaves short strings and other text alone', () => {
    const redact = redactor(['p@ss/word"x', 'abc', undefined])
    expect(redact('mongodb://u:p%40ss%2Fword%22x@h/ and p@ss/word"x and {"pw":"p@ss/word\\"x"} abc')).toBe('mongodb://u:[REDACTED]@h/ and [REDACTED] and {"pw":"[REDACTED]"} abc')
  })

  it('collects the database password and every mounted storage credential, but not access key ids or CA bundles', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-'))
    fs.mkdirSync(path.join(dir, 'target'))
    fs.mkdirSync(path.join(dir, 'storage', '..2026_01_01'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'target', 'password'), 'db-password\n')
    fs.writeFileSync(path.join(dir, 'storage', 's3.AWS_ACCESS_KEY_ID'), 'AKIAEXAMPLE')
    fs.writeFileSync(path.join(dir, 'storage', 's3.AWS_SECRET_ACCESS_KEY'), 'secret-access-key')
    fs.writeFileSync(path.join(dir, 'storage', 's3.ca.crt'), '-----BEGIN CERTIFICATE-----')
    fs.writeFileSync(path.join(dir, 'storage', 'encryption.ENCRYPTION_KEY'), 'the-encryption-key')
    fs.writeFileSync(path.join(dir, 'storage', 'gcs.GOOGLE_APPLICATION_CREDENTIALS_JSON'), JSON.stringify({ type: 'service_account', private_key: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n' }))
    const found = secrets({ config: '', targetCredentials: path.join(dir, 'target'), storageCredentials: path.join(dir, 'storage'), backups: '' })
    expect(found).toContain('db-password')
    expect(found).toContain('secret-access-key')
    expect(found).toContain('the-encryption-key')
    expect(found).toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC')
    expect(found).not.toContain('AKIAEXAMPLE')
    expect(found.some((s) => s.includes('BEGIN CERTIFICATE'))).toBe(false)
    fs.rmSync(dir, { recursive: true, force: true })
  })
})
