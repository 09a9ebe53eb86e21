/**
 * The storage a Percona cluster's backups go to, read back from the operator
 * object as last applied: the one marked `main` (PSMDB), else the one the
 * schedules use (PXC), else the only one. On-demand backups (Backup
 * OpsRequests) name it, so they land where the scheduled ones do.
 */
import type { BackupStatus } from '../../api/database-cluster.js'
import type { KObject } from '../shared/kube.js'
import { field } from '../shared/observed.js'

export function mainStorageName(engineObject: KObject | undefined): string | undefined {
  const storages = field(engineObject, 'spec', 'backup', 'storages')
  if (typeof storages !== 'object' || storages === null) return undefined
  const entries = Object.entries(storages as Record<string, unknown>)
  const main = entries.find(([, s]) => field(s, 'main') === true)
  if (main !== undefined) return main[0]
  const schedules = [field(engineObject, 'spec', 'backup', 'schedule'), field(engineObject, 'spec', 'backup', 'tasks')].find(Array.isArray) as unknown[] | undefined
  const scheduled = schedules?.map((s) => field(s, 'storageName')).find((n): n is string => typeof n === 'string' && n in storages)
  if (scheduled !== undefined) return scheduled
  return entries.length === 1 ? entries[0]?.[0] : undefined
}

/** A backup status with the main storage's name, when backups are configured and it is known. */
export function withStorageName(status: BackupStatus, engineObject: KObject | undefined): BackupStatus {
  const storageName = status.configured ? mainStorageName(engineObject) : undefined
  return storageName === undefined ? status : { ...status, storageName }
}
