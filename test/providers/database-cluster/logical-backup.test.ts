import { describe, expect, it } from 'vitest'
import { DatabaseBackupSpec } from '../../../api/database-backup.js'
import { parserFor } from '../../../api/validate.js'
import { customizeDatabaseCluster } from '../../../providers/database-cluster/customize.js'
import type { KObject } from '../../../providers/shared/kube.js'
import { applyChild } from '../../support/metacontroller.js'
import { CTX, DB_CONTROLLER, S3_CLASS, S3_SECRET, SEED_SPEC, child, condition, databaseCluster, sync } from '../../support/clusters.js'
import { PG_BACKUP_SPEC, databaseBackup } from '../../support/backups.js'

const related = [S3_CLASS, S3_SECRET]
const spec = { ...SEED_SPEC, backup: { storageClassName: 's3-default', logical: { schedule: '6h', retention: { keep: { daily: 7 } } } } }

function backupWithConditions(name: string, fresh: string, last: string, target = 'pg'): KObject {
  const b = databaseBackup(name, { ...PG_BACKUP_SPEC, target: { clusterName: target } })
  return {
    ...b,
    status: {
      lastSuccessfulTime: '2026-01-01T06:00:00Z',
      conditions: [
        { type: 'BackupFresh', status: fresh, reason: 'x', message: 'x', lastTransitionTime: '2026-01-01T00:00:00Z' },
        { type: 'LastBackupSucceeded', status: last, reason: 'x', message: 'x', lastTransitionTime: '2026-01-01T00:00:00Z' },
      ],
    },
  }
}

describe('logical backups of a DatabaseCluster', () => {
  it('asks for a DatabaseBackup targeting the cluster itself, valid against its schema', () => {
    const res = sync(databaseCluster('pg', spec), [], related)
    const backup = child(res, 'DatabaseBackup', 'pg-logical')
    expect(backup.spec).toEqual({ engine: 'postgresql', target: { clusterName: 'pg' }, storageClassName: 's3-default', schedule: '6h', retention: { keep: { daily: 7 }, minKeep: 1 } })
    expect(parserFor(DatabaseBackupSpec)(backup.spec).ok).toBe(true)
  })

  it('customize asks for the namespace\'s DatabaseBackups', () => {
    const rules = customizeDatabaseCluster({ controller: DB_CONTROLLER, parent: databaseCluster('pg', spec) }, CTX).relatedResources
    expect(rules).toContainEqual({ apiVersion: 'backup.dbaas.io/v1alpha1', resource: 'databasebackups', namespace: 'team-a', labelSelector: {} })
  })

  it('an overdue runner turns BackupHealthy False even when native backups are fine', () => {
    const parent = databaseCluster('pg', spec)
    const children = sync(parent, [], related).children.map((c, i) => (c.kind === 'DatabaseBackup' ? { ...applyChild(c, parent, undefined, i + 1), status: backupWithConditions('pg-logical', 'False', 'True').status } : applyChild(c, parent, undefined, i + 1)))
    const res = sync(parent, children, related)
    expect(res.status.logicalBackups).toEqual([{ name: 'pg-logical', fresh: 'False', lastSucceeded: 'True', lastSuccessfulTime: '2026-01-01T06:00:00Z' }])
    expect(condition(res.status, 'BackupHealthy')).toMatchObject({ status: 'False', reason: 'LogicalBackupOverdue', message: 'logical backups overdue: pg-logical' })
  })

  it('a user\'s own DatabaseBackup targeting the cluster protects it; others are ignored', () => {
    const res = sync(databaseCluster('pg', SEED_SPEC), [], [backupWithConditions('nightly-dump', 'True', 'True'), backupWithConditions('other', 'False', 'False', 'someone-else')])
    expect(res.status.logicalBackups).toEqual([{ name: 'nightly-dump', fresh: 'True', lastSucceeded: 'True', lastSuccessfulTime: '2026-01-01T06:00:00Z' }])
    expect(condition(res.status, 'BackupHealthy')).toMatchObject({ status: 'True', reason: 'LogicalBackupsHealthy' })
  })
})

describe('the operation queue in the DatabaseCluster status', () => {
  it('lists unfinished and blocking OpsRequests of this cluster, in queue order', () => {
    const op = (name: string, created: string, clusterRef: string, phase?: string): KObject => ({
      apiVersion: 'dbaas.io/v1alpha1',
      kind: 'OpsRequest',
      metadata: { name, namespace: 'team-a', creationTimestamp: created },
      spec: { clusterRef, type: 'Restart' },
      ...(phase === undefined ? {} : { status: { phase } }),
    })
    const related = [op('c', '2026-01-01T00:03:00Z', 'pg'), op('a', '2026-01-01T00:01:00Z', 'pg', 'Running'), op('done', '2026-01-01T00:00:00Z', 'pg', 'Succeeded'), op('failed', '2026-01-01T00:00:30Z', 'pg', 'Failed'), op('other', '2026-01-01T00:02:00Z', 'elsewhere')]
    expect(sync(databaseCluster('pg', SEED_SPEC), [], related).status.operations).toEqual([
      { name: 'failed', type: 'Restart', phase: 'Failed' },
      { name: 'a', type: 'Restart', phase: 'Running' },
      { name: 'c', type: 'Restart', phase: 'Pending' },
    ])
  })
})
