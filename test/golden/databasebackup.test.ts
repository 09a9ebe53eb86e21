/**
 * Golden Metacontroller v2 requests and responses for the DatabaseBackup
 * controller, written under test/golden/databasebackup/ (see
 * databasecluster.test.ts for how to regenerate and review them).
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { syncDatabaseBackup } from '../../providers/database-backup/sync.js'
import type { ReconcileContext } from '../../providers/shared/context.js'
import type { CompositeSyncRequest, KObject } from '../../providers/shared/kube.js'
import { CTX } from '../support/clusters.js'
import { BACKUP_RELATED, GCS_SECRET, OFFSITE, PG_BACKUP_SPEC, backupRequest, databaseBackup, reportConfigMap, syncBackup } from '../support/backups.js'
import { applyChild } from '../support/metacontroller.js'

const REPORT = {
  lastBackup: { id: '20260101T060000Z', startTime: '2026-01-01T06:00:00Z', endTime: '2026-01-01T06:04:00Z', size: 1048576, checksum: 'ab'.repeat(32), locations: [{ name: 's3-eu', ok: true }, { name: 'gcs-us', ok: true }, { name: 'nfs', ok: true }], ok: true },
  lastSuccessfulTime: '2026-01-01T06:04:00Z',
  consecutiveFailures: 0,
  lastScheduledTime: '2026-01-01T06:00:00Z',
  stored: [
    { location: 's3-eu', count: 2, newest: '2026-01-01T06:00:00Z', oldest: '2026-01-01T00:00:00Z', bytes: 2097152 },
    { location: 'gcs-us', count: 2, newest: '2026-01-01T06:00:00Z', oldest: '2026-01-01T00:00:00Z', bytes: 2097152 },
    { location: 'nfs', count: 2, newest: '2026-01-01T06:00:00Z', oldest: '2026-01-01T00:00:00Z', bytes: 2097152 },
  ],
}

function running(parent: KObject): KObject[] {
  return syncBackup(parent).children.map((c, i) => {
    const applied = applyChild(c, parent, c.kind === 'Deployment' ? { replicas: 1, readyReplicas: 1, availableReplicas: 1 } : undefined, i + 1)
    return c.metadata.name === 'orders-runner-report' ? { ...applied, data: reportConfigMap('orders', REPORT) } : applied
  })
}

function scenarios(): { name: string; request: CompositeSyncRequest; ctx: ReconcileContext }[] {
  const parent = databaseBackup('orders', PG_BACKUP_SPEC)
  const children = running(parent)
  const later = { ...CTX, now: '2026-01-01T07:00:00Z' }
  const withStatus = (spec: Record<string, unknown>, generation: number) => databaseBackup('orders', spec, { generation, status: syncBackup(parent, children, BACKUP_RELATED, later).status })
  return [
    { name: 'first-sync', request: backupRequest(parent), ctx: CTX },
    { name: 'runner-reporting', request: backupRequest(withStatus(PG_BACKUP_SPEC, 1), children), ctx: later },
    { name: 'overdue', request: backupRequest(withStatus(PG_BACKUP_SPEC, 1), children), ctx: { ...CTX, now: '2026-01-02T00:00:00Z' } },
    { name: 'storage-class-missing', request: backupRequest(withStatus(PG_BACKUP_SPEC, 2), children, []), ctx: later },
    { name: 'credentials-secret-missing', request: backupRequest(withStatus(PG_BACKUP_SPEC, 2), children, [OFFSITE, GCS_SECRET]), ctx: later },
    { name: 'schedule-change-rolls-runner', request: backupRequest(withStatus({ ...PG_BACKUP_SPEC, schedule: '0 3 * * *', timeZone: 'Europe/Berlin' }, 2), children), ctx: later },
    { name: 'suspend', request: backupRequest(withStatus({ ...PG_BACKUP_SPEC, suspend: true }, 2), children), ctx: later },
  ]
}

const dir = path.join(import.meta.dirname, 'databasebackup')
const yaml = (value: unknown) => YAML.stringify(value, { lineWidth: 0, aliasDuplicateObjects: false })

describe('golden DatabaseBackup sync', () => {
  for (const { name, request, ctx } of scenarios()) {
    it(name, async () => {
      await expect(yaml(request)).toMatchFileSnapshot(path.join(dir, `${name}.request.yaml`))
      const fromFile = YAML.parse(yaml(request)) as CompositeSyncRequest
      await expect(yaml(syncDatabaseBackup(fromFile, ctx))).toMatchFileSnapshot(path.join(dir, `${name}.response.yaml`))
    })
  }

  it('storage problems keep every runner child; a schedule change only changes the config and the hash', () => {
    const all = Object.fromEntries(scenarios().map((s) => [s.name, syncDatabaseBackup(s.request, s.ctx)]))
    const names = (n: string) => all[n]!.children.map((c) => `${c.kind}/${c.metadata.name}`).sort()
    expect(names('storage-class-missing')).toEqual(names('runner-reporting'))
    expect(names('credentials-secret-missing')).toEqual(names('runner-reporting'))
    const changed = all['schedule-change-rolls-runner']!.children.filter((c, i) => JSON.stringify(c) !== JSON.stringify(all['runner-reporting']!.children[i]))
    expect(changed.map((c) => c.kind)).toEqual(['ConfigMap', 'Deployment'])
  })
})
