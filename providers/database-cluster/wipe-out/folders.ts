/**
 * `deletionPolicy: WipeOut`: the backup folders a DatabaseCluster wrote, as
 * wipe targets with the credentials to reach them. The engine's own backups
 * are in one location (`backup.location` or the first the engine can use),
 * under `<namespace>/<serverName>/`; the logical backups of its
 * `<cluster>-logical` DatabaseBackup are in every location of their class,
 * under `<namespace>/<cluster>-logical/`. Exactly the paths the providers
 * configure (postgresql/builders/object-store.ts, mysql/storage.ts,
 * mongodb/builders/storage.ts, database-backup/runner-config.ts).
 */
import type { StorageLocation } from '../../../api/backup-storage-class.js'
import type { WipeTarget } from '../../../api/wipe-plan.js'
import { runnerLocation } from '../../database-backup/storage.js'
import type { BackupObject } from '../../shared/backup-objects.js'
import type { ObjectMap } from '../../shared/kube.js'
import { type Lookup, lookupStorageClass, pickLocation } from '../../shared/related.js'
import type { ClusterObject, EngineProvider } from '../engine-provider.js'
import { logicalBackupName } from '../logical-backup.js'

/** A folder of a location, as the guard compares them. */
export interface Folder {
  location: StorageLocation
  /** `<namespace>/<folder>/` */
  prefix: string
}

export interface WipeWork {
  targets: WipeTarget[]
  /** Folders of the targets, in the same order. */
  folders: Folder[]
  /** The engine's own folder (restores and clones of this cluster read it). */
  engineFolder: Folder | undefined
  /** Base64 Secret data, keys `<target location>.<KEY>`. */
  secretData: Record<string, string>
  /** Filesystem locations to mount at `/backups/<target location>`. */
  claims: { location: string; claimName: string }[]
  /** The engine operator's backup objects of the cluster. */
  objects: BackupObject[]
}

interface Part {
  what: string
  location: StorageLocation
  alias: string
  folder: string
  engine: boolean
}

function engineParts(cluster: ClusterObject, related: ObjectMap, provider: EngineProvider | undefined): Lookup<Part[]> {
  const backup = cluster.spec.backup
  const store = provider?.backupStore
  if (backup === undefined || store === undefined) return { ok: true, value: [] }
  const storageClass = lookupStorageClass(related, backup.storageClassName)
  if (!storageClass.ok) return storageClass
  const location = pickLocation(storageClass.value, backup.location, store.usable, cluster.spec.engine)
  if (!location.ok) return location
  const folder = backup.serverName ?? cluster.name
  return { ok: true, value: [{ what: `${store.what} of server ${folder}`, location: location.value, alias: `e-${location.value.name}`, folder, engine: true }] }
}

function logicalParts(cluster: ClusterObject, related: ObjectMap): Lookup<Part[]> {
  const logical = cluster.spec.backup?.logical
  if (cluster.spec.engine === 'kafka' || logical === undefined) return { ok: true, value: [] }
  const className = logical.storageClassName ?? cluster.spec.backup?.storageClassName ?? ''
  const storageClass = lookupStorageClass(related, className)
  if (!storageClass.ok) return storageClass
  const folder = logicalBackupName(cluster.name)
  return { ok: true, value: storageClass.value.spec.locations.map((location) => ({ what: `logical backups of DatabaseBackup ${folder}`, location, alias: `l-${location.name}`, folder, engine: false })) }
}

/**
 * A location without a credentials Secret is reached with the pods' own cloud
 * identity (IRSA, GKE workload identity), which the wipe Job's fresh
 * ServiceAccount does not have: it would fail, or act as the node.
 */
function workloadIdentity(location: StorageLocation, cluster: string): string | undefined {
  const bucket = location.s3 ?? location.gcs
  if (bucket === undefined || bucket.credentialsSecretRef !== undefined) return undefined
  return `location ${location.name} has no credentialsSecretRef: the engine reaches it with its pods' cloud identity, which the wipe Job (ServiceAccount ${cluster}-wipe) does not have; add a credentials Secret to the location, or empty the folder yourself`
}

/** What WipeOut deletes; undefined when there is nothing (no backups configured, no backup objects). */
export function wipeWork(cluster: ClusterObject, related: ObjectMap, provider: EngineProvider | undefined): Lookup<WipeWork | undefined> {
  const engine = engineParts(cluster, related, provider)
  if (!engine.ok) return engine
  const logical = logicalParts(cluster, related)
  if (!logical.ok) return logical
  const objects = provider?.backupStore?.objects(cluster, related) ?? []
  const parts = [...engine.value, ...logical.value]
  if (parts.length === 0 && objects.length === 0) return { ok: true, value: undefined }
  const work: WipeWork = { targets: [], folders: [], engineFolder: undefined, secretData: {}, claims: [], objects }
  for (const part of parts) {
    const identity = workloadIdentity(part.location, cluster.name)
    if (identity !== undefined) return { ok: false, reason: 'WorkloadIdentity', message: identity }
    const resolved = runnerLocation(related, part.location, part.alias)
    if (!resolved.ok) return resolved
    const prefix = `${cluster.namespace}/${part.folder}/`
    work.targets.push({ location: resolved.value.location, prefix, what: part.what })
    work.folders.push({ location: part.location, prefix })
    if (part.engine) work.engineFolder = { location: part.location, prefix }
    work.secretData = { ...work.secretData, ...resolved.value.data }
    if (part.location.filesystem !== undefined) work.claims.push({ location: part.alias, claimName: part.location.filesystem.claimName })
  }
  return { ok: true, value: work }
}
