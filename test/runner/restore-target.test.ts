/** Which databases a restore creates, and the restores refused before any data is read. */
import { describe, expect, it } from 'vitest'
import { buildManifest } from '../../runner/manifest.js'
import { checkRestore, targetName } from '../../runner/restore.js'

const manifest = buildManifest({ id: '20260301T020000Z', engine: 'postgresql', engineVersion: '15.8', startTime: '2026-03-01T02:00:00Z', endTime: '2026-03-01T02:05:00Z', size: 10, checksum: 'a'.repeat(64), compression: 'zstd', encrypted: true, dataKey: 'p/20260301T020000Z/data.dump.zst.enc', databases: [{ name: 'shop', tables: 3 }, { name: 'billing', tables: 5 }] })
const part = (database?: string) => ({ name: database === undefined ? 'globals' : `db:${database}`, format: 'pg_dump-custom', ...(database === undefined ? {} : { database }) })
const key = Buffer.alloc(32)

describe('restore targets', () => {
  it('new databases by default, the original names only in place, one chosen name with --to, a subset with --database', () => {
    expect(targetName(part('shop'), manifest, {})).toBe('shop_restore_20260301t020000z')
    expect(targetName(part(), manifest, {})).toBeUndefined()
    expect(targetName(part('shop'), manifest, { inPlace: { confirm: 'shop,billing' } })).toBe('shop')
    expect(targetName(part('shop'), manifest, { to: 'shop_copy', databases: ['shop'] })).toBe('shop_copy')
    expect(targetName(part('billing'), manifest, { to: 'shop_copy', databases: ['shop'] })).toBeUndefined()
    expect(targetName(part('shop'), manifest, { scratch: 'dbaas_verify_' })).toBe('dbaas_verify_shop_restore_20260301t020000z')
  })

  it('a generated name stays within 63 bytes by shortening the original name', () => {
    const name = targetName(part('a_database_with_a_really_quite_long_name_indeed'), manifest, { scratch: 'dbaas_verify_' })
    expect(name).toBe('dbaas_verify_a_database_with_a_really__restore_20260301t020000z')
    expect(Buffer.byteLength(name ?? '')).toBe(63)
  })

  it('refuses, before reading any data: unknown databases, --to for several, a wrong confirmation, no key for an encrypted backup', () => {
    expect(checkRestore(manifest, key, {})).toEqual(['shop', 'billing'])
    expect(() => checkRestore(manifest, key, { databases: ['orders'] })).toThrow('backup 20260301T020000Z holds shop, billing, not orders')
    expect(() => checkRestore(manifest, key, { to: 'x' })).toThrow(/--to names one database, but backup 20260301T020000Z holds shop, billing: choose one with --database/)
    expect(checkRestore(manifest, key, { to: 'x', databases: ['billing'] })).toEqual(['billing'])
    expect(() => checkRestore(manifest, key, { inPlace: { confirm: 'shop' } })).toThrow('restoring in place replaces shop,billing: confirm with exactly that')
    expect(checkRestore(manifest, key, { inPlace: { confirm: 'shop' }, databases: ['shop'] })).toEqual(['shop'])
    expect(() => checkRestore(manifest, undefined, {})).toThrow('the backup is encrypted and no key is mounted')
  })
})
