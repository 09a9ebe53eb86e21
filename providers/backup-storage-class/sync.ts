/**
 * The DatabaseBackupStorageClass controller: no children, only a status that
 * says whether the class is usable (every referenced Secret exists, carries
 * the credentials label and has its keys) and how many resources use it.
 */
import { DatabaseBackupStorageClassSpec, ENCRYPTION_KEYS, GCS_KEYS, S3_KEYS, type StorageLocation } from '../../api/backup-storage-class.js'
import { API_VERSION, BACKUP_API_VERSION } from '../../api/crds.js'
import { parserFor } from '../../api/validate.js'
import { computeConditions } from '../shared/conditions.js'
import type { ReconcileContext } from '../shared/context.js'
import type { CompositeSyncRequest, CompositeSyncResponse, CustomizeRequest, CustomizeResponse, ObjectMap } from '../shared/kube.js'
import { objectsOf, stringField } from '../shared/observed.js'
import { lookupSecretData, storageClassRules } from '../shared/related.js'

const parseSpec = parserFor<DatabaseBackupStorageClassSpec>(DatabaseBackupStorageClassSpec)

function locationProblems(related: ObjectMap, l: StorageLocation): string[] {
  const ref = l.s3?.credentialsSecretRef ?? l.gcs?.credentialsSecretRef
  if (ref === undefined) return []
  const keys = l.s3 !== undefined ? [S3_KEYS.accessKeyId, S3_KEYS.secretAccessKey] : [GCS_KEYS.credentials]
  const found = lookupSecretData(related, ref, keys)
  return found.ok ? [] : [`location ${l.name}: ${found.message}`]
}

function problems(related: ObjectMap, spec: DatabaseBackupStorageClassSpec): string[] {
  const all = spec.locations.flatMap((l) => locationProblems(related, l))
  if (spec.encryptionKeySecretRef !== undefined) {
    const key = lookupSecretData(related, spec.encryptionKeySecretRef, [ENCRYPTION_KEYS.key])
    if (!key.ok) all.push(`encryption key: ${key.message}`)
  }
  return all
}

function usedBy(related: ObjectMap, name: string): number {
  const clusters = objectsOf(related, API_VERSION, 'DatabaseCluster').filter(
    (c) => stringField(c, 'spec', 'backup', 'storageClassName') === name || stringField(c, 'spec', 'dataSource', 'backupSource', 'storageClassName') === name,
  )
  const backups = objectsOf(related, BACKUP_API_VERSION, 'DatabaseBackup').filter((b) => stringField(b, 'spec', 'storageClassName') === name)
  return clusters.length + backups.length
}

export function syncBackupStorageClass(req: CompositeSyncRequest, ctx: ReconcileContext): CompositeSyncResponse {
  const generation = req.parent.metadata.generation ?? 0
  const previous = typeof req.parent.status === 'object' && req.parent.status !== null ? (req.parent.status as Record<string, unknown>) : {}
  const parsed = parseSpec(req.parent.spec)
  const found = parsed.ok ? problems(req.related, parsed.value) : parsed.errors
  const ready =
    found.length === 0
      ? { type: 'Ready', status: 'True' as const, reason: 'Usable', message: 'every referenced Secret exists and has its keys' }
      : { type: 'Ready', status: 'False' as const, reason: parsed.ok ? 'CredentialsUnusable' : 'InvalidSpec', message: found.join('; ') }
  return {
    status: { observedGeneration: generation, conditions: computeConditions([ready], previous.conditions, generation, ctx.now), usedBy: usedBy(req.related, req.parent.metadata.name) },
    children: [],
  }
}

export function customizeBackupStorageClass(req: CustomizeRequest): CustomizeResponse {
  const secrets = storageClassRules([req.parent.metadata.name]).filter((r) => r.resource === 'secrets')
  return {
    relatedResources: [
      ...secrets,
      { apiVersion: API_VERSION, resource: 'databaseclusters', labelSelector: {} },
      { apiVersion: BACKUP_API_VERSION, resource: 'databasebackups', labelSelector: {} },
    ],
  }
}
