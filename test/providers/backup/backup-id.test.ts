import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { type BackupManifest, DATA_FORMAT_FRAMES_V1, parseBackupManifest } from '../../../api/backup-manifest.js'
import { backupId, backupKeys, type Compression, dataExtension, idOfKey, joinKey, parseBackupId } from '../../../providers/backup/backup-id.js'
import { manifestProblems } from '../../../providers/backup/manifest-check.js'

describe('backupId', () => {
  it.each([
    { name: 'UTC, whole seconds', start: '2026-01-01T02:00:00Z', id: '20260101T020000Z' },
    { name: 'fractions of a second are dropped', start: '2026-01-02T03:04:05.999Z', id: '20260102T030405Z' },
    { name: 'an offset is converted to UTC', start: '2026-01-01T03:30:00+01:30', id: '20260101T020000Z' },
    { name: 'a negative offset crosses the year end', start: '2026-12-31T22:00:00-05:00', id: '20270101T030000Z' },
    { name: 'leap day', start: '2028-02-29T23:59:59Z', id: '20280229T235959Z' },
    { name: 'lowercase t and z', start: '2026-06-01t12:00:00z', id: '20260601T120000Z' },
    { name: 'epoch milliseconds', start: Date.UTC(2026, 6, 1, 12, 0, 0, 500), id: '20260701T120000Z' },
    { name: 'a year below 100 stays that year', start: '0099-03-01T00:00:00Z', id: '00990301T000000Z' },
  ])('$name', ({ start, id }) => {
    expect(backupId(start)).toBe(id)
  })

  it.each([
    { name: 'no offset (would be local time)', start: '2026-01-01T02:00:00' },
    { name: 'a date only', start: '2026-01-01' },
    { name: 'February 30', start: '2026-02-30T00:00:00Z' },
    { name: '29 February of a common year', start: '2027-02-29T00:00:00Z' },
    { name: 'hour 24', start: '2026-01-01T24:00:00Z' },
    { name: 'a leap second', start: '2016-12-31T23:59:60Z' },
    { name: 'garbage', start: 'yesterday' },
    { name: 'NaN', start: Number.NaN },
    { name: 'a year above 9999', start: Date.UTC(10000, 0, 1) },
  ])('refuses $name', ({ start }) => {
    expect(() => backupId(start)).toThrow(RangeError)
  })

  test.prop([fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 58) })])('ids sort like their times and parse back to the second', (ms) => {
    const id = backupId(ms)
    expect(parseBackupId(id)).toBe(new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z'))
    const later = backupId(ms + 1000)
    expect(id < later).toBe(true)
  })
})

describe('parseBackupId', () => {
  it.each([
    { name: 'a valid id', id: '20260101T020000Z', start: '2026-01-01T02:00:00Z' },
    { name: 'leap day', id: '20280229T120000Z', start: '2028-02-29T12:00:00Z' },
    { name: '29 February of a common year', id: '20270229T120000Z', start: undefined },
    { name: 'month 13', id: '20261301T000000Z', start: undefined },
    { name: 'day 32', id: '20260132T000000Z', start: undefined },
    { name: 'hour 24', id: '20260101T240000Z', start: undefined },
    { name: 'second 60', id: '20260101T000060Z', start: undefined },
    { name: 'lowercase', id: '20260101t020000z', start: undefined },
    { name: 'with separators', id: '2026-01-01T02:00:00Z', start: undefined },
    { name: 'trailing text', id: '20260101T020000Z.bak', start: undefined },
    { name: 'a word', id: 'latest', start: undefined },
  ])('$name', ({ id, start }) => {
    expect(parseBackupId(id)).toBe(start)
  })
})

describe('layout', () => {
  const id = '20260102T030405Z'
  it.each([
    { compression: 'zstd', encrypted: false, ext: 'dump.zst' },
    { compression: 'zstd', encrypted: true, ext: 'dump.zst.enc' },
    { compression: 'gzip', encrypted: false, ext: 'dump.gz' },
    { compression: 'gzip', encrypted: true, ext: 'dump.gz.enc' },
    { compression: 'none', encrypted: false, ext: 'dump' },
    { compression: 'none', encrypted: true, ext: 'dump.enc' },
  ] as { compression: Compression; encrypted: boolean; ext: string }[])('$compression, encrypted $encrypted: data.$ext', ({ compression, encrypted, ext }) => {
    expect(dataExtension(compression, encrypted)).toBe(ext)
    expect(backupKeys('team-a/orders', id, compression, encrypted)).toEqual({ dir: `team-a/orders/${id}`, data: `team-a/orders/${id}/data.${ext}`, manifest: `team-a/orders/${id}/manifest.json` })
  })

  it.each([
    { name: 'slashes around the prefix', prefix: '/team-a/orders/', dir: `team-a/orders/${id}` },
    { name: 'double slashes', prefix: 'team-a//orders', dir: `team-a/orders/${id}` },
    { name: 'an empty prefix', prefix: '', dir: id },
  ])('keys with $name', ({ prefix, dir }) => {
    expect(backupKeys(prefix, id, 'zstd', false).dir).toBe(dir)
  })

  it('refuses to lay out something that is not an id', () => {
    expect(() => backupKeys('p', '../etc', 'zstd', false)).toThrow(RangeError)
  })

  it.each([
    { name: 'the data object', key: `team-a/orders/${id}/data.dump.zst`, id },
    { name: 'the manifest', key: `team-a/orders/${id}/manifest.json`, id },
    { name: 'a partial write', key: `team-a/orders/${id}/data.dump.zst.partial`, id },
    { name: 'an object deeper inside', key: `team-a/orders/${id}/extra/x`, id },
    { name: 'a directory marker', key: `team-a/orders/${id}/`, id },
    { name: 'another prefix', key: `team-a/other/${id}/data.dump.gz`, id: undefined },
    { name: 'a prefix that only starts the same', key: `team-a/orders-2/${id}/data.dump.gz`, id: undefined },
    { name: 'a file directly under the prefix', key: 'team-a/orders/notes.txt', id: undefined },
    { name: 'a directory that is no id', key: 'team-a/orders/latest/data.dump', id: undefined },
    { name: 'an id that is no date', key: 'team-a/orders/20261301T000000Z/data.dump', id: undefined },
    { name: 'the id itself without a slash', key: `team-a/orders/${id}`, id: undefined },
  ])('idOfKey: $name', ({ key, id: expected }) => {
    expect(idOfKey('team-a/orders', key)).toBe(expected)
  })

  it('joinKey drops empty segments and surrounding slashes', () => {
    expect(joinKey('/a/', '', 'b/', '/c')).toBe('a/b/c')
  })
})

describe('manifest', () => {
  const valid = {
    apiVersion: 'backup.dbaas.io/v1alpha1',
    kind: 'BackupManifest',
    id: '20260101T020000Z',
    engine: 'postgresql',
    engineVersion: '17.2',
    runnerVersion: '0.1.0',
    startTime: '2026-01-01T02:00:00Z',
    endTime: '2026-01-01T02:05:31Z',
    size: 1234,
    checksum: 'a'.repeat(64),
    compression: 'zstd',
    encrypted: true,
    dataKey: 'team-a/orders/20260101T020000Z/data.dump.zst.enc',
    databases: [{ name: 'orders', tables: 12 }],
  }

  it('parses a manifest and fills in the data format', () => {
    const parsed = parseBackupManifest(valid)
    expect(parsed).toEqual({ ok: true, value: { ...valid, format: DATA_FORMAT_FRAMES_V1 } })
    expect(valid).not.toHaveProperty('format')
  })

  it.each([
    { name: 'an upper-case checksum', change: { checksum: 'A'.repeat(64) }, error: '/checksum' },
    { name: 'a short checksum', change: { checksum: 'ab' }, error: '/checksum' },
    { name: 'a negative size', change: { size: -1 }, error: '/size' },
    { name: 'an unknown engine', change: { engine: 'oracle' }, error: '/engine' },
    { name: 'an unknown compression', change: { compression: 'lz4' }, error: '/compression' },
    { name: 'another kind', change: { kind: 'Backup' }, error: '/kind' },
    { name: 'an id with separators', change: { id: '2026-01-01T02:00:00Z' }, error: '/id' },
    { name: 'a start time without offset', change: { startTime: '2026-01-01T02:00:00' }, error: '/startTime' },
    { name: 'no databases', change: { databases: undefined }, error: 'databases' },
  ])('refuses $name', ({ change, error }) => {
    const parsed = parseBackupManifest({ ...valid, ...change })
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.errors.join('\n')).toContain(error)
  })

  const m = (change: Partial<BackupManifest>): BackupManifest => ({ ...(valid as BackupManifest), format: DATA_FORMAT_FRAMES_V1, ...change })
  it.each([
    { name: 'a consistent manifest', change: {}, problems: [] },
    { name: 'an id that is not the start time', change: { id: '20260101T020001Z' }, problems: ['id 20260101T020001Z is not the start time 2026-01-01T02:00:00Z', 'dataKey team-a/orders/20260101T020000Z/data.dump.zst.enc is not 20260101T020001Z/data.dump.zst.enc (compression zstd, encrypted)'] },
    { name: 'the start given with an offset', change: { startTime: '2026-01-01T03:00:00+01:00' }, problems: [] },
    { name: 'an end before the start', change: { endTime: '2026-01-01T01:59:59Z' }, problems: ['endTime 2026-01-01T01:59:59Z is before startTime 2026-01-01T02:00:00Z'] },
    { name: 'a data key that says gzip', change: { dataKey: 'team-a/orders/20260101T020000Z/data.dump.gz.enc' }, problems: ['dataKey team-a/orders/20260101T020000Z/data.dump.gz.enc is not 20260101T020000Z/data.dump.zst.enc (compression zstd, encrypted)'] },
    { name: 'a data key without encryption', change: { encrypted: false }, problems: ['dataKey team-a/orders/20260101T020000Z/data.dump.zst.enc is not 20260101T020000Z/data.dump.zst (compression zstd, not encrypted)'] },
    { name: 'a day that does not exist', change: { id: '20260230T020000Z' }, problems: ['id 20260230T020000Z is not a backup id', 'dataKey team-a/orders/20260101T020000Z/data.dump.zst.enc is not 20260230T020000Z/data.dump.zst.enc (compression zstd, encrypted)'] },
  ])('manifestProblems: $name', ({ change, problems }) => {
    expect(manifestProblems(m(change))).toEqual(problems)
  })

  it('manifestProblems with a path prefix wants the data key exactly there', () => {
    expect(manifestProblems(m({}), 'team-a/orders')).toEqual([])
    expect(manifestProblems(m({}), 'team-b/orders')).toEqual(['dataKey team-a/orders/20260101T020000Z/data.dump.zst.enc is not under the path prefix: expected team-b/orders/20260101T020000Z/data.dump.zst.enc'])
  })
})
