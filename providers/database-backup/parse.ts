/** The DatabaseBackup parent of a request, parsed with defaults. */
import { DatabaseBackupSpec } from '../../api/database-backup.js'
import { type ParseResult, parserFor } from '../../api/validate.js'
import { HookError } from '../shared/errors.js'
import type { KObject } from '../shared/kube.js'

export interface BackupObject {
  name: string
  namespace: string
  uid: string
  generation: number
  createdAt: string
  spec: DatabaseBackupSpec
  status: Record<string, unknown>
}

const parseSpec = parserFor<DatabaseBackupSpec>(DatabaseBackupSpec)

export function parseBackup(parent: KObject, now: string): ParseResult<BackupObject> {
  const { name, namespace, uid, generation } = parent.metadata
  if (typeof namespace !== 'string' || namespace === '' || typeof uid !== 'string' || uid === '') {
    throw new HookError('ParentMetadataInvalid', 'parent has no namespace or uid')
  }
  const created = parent.metadata.creationTimestamp
  const status = typeof parent.status === 'object' && parent.status !== null && !Array.isArray(parent.status) ? (parent.status as Record<string, unknown>) : {}
  const parsed = parseSpec(parent.spec)
  if (!parsed.ok) return parsed
  return {
    ok: true,
    value: { name, namespace, uid, generation: typeof generation === 'number' ? generation : 0, createdAt: typeof created === 'string' ? created : now, spec: parsed.value, status },
  }
}
