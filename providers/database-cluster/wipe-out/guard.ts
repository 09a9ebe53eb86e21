/**
 * Whether WipeOut may empty a cluster's backup folders: never while anything
 * else could have written there or still needs what is there. Checked
 * against every storage class, every DatabaseCluster and the DatabaseBackups
 * of the namespace (folders are per namespace, so writers of other
 * namespaces only meet ours through storage classes whose prefixes nest):
 *
 * - another location in a bucket of the same name whose prefix contains, or
 *   lies inside, ours: folders of other namespaces can alias ours. Buckets
 *   are compared by name alone (an endpoint can be spelled many ways, and
 *   GCS is reachable through the S3 API), which can only block more;
 * - another DatabaseCluster of the namespace writing engine or logical
 *   backups to the same folder;
 * - a DatabaseBackup writing to the same folder (`<namespace>/<its name>/`),
 *   unless it is this cluster's own `<cluster>-logical` child;
 * - a DatabaseCluster of any namespace, not yet Ready, that restores or
 *   clones from these backups;
 * - this cluster's own restore source being its own folder (the earlier
 *   cluster's backups are in it; admission refuses the plain case).
 */
import type { StorageLocation } from '../../../api/backup-storage-class.js'
import { API_VERSION, BACKUP_API_VERSION } from '../../../api/crds.js'
import type { KObject, ObjectMap } from '../../shared/kube.js'
import { field, objectsOf, stringField } from '../../shared/observed.js'
import { lookupStorageClass } from '../../shared/related.js'
import type { ClusterObject } from '../engine-provider.js'
import { logicalBackupName } from '../logical-backup.js'
import type { Folder, WipeWork } from './folders.js'

const trim = (p: string | undefined): string => (p ?? '').replace(/^\/+|\/+$/g, '')

function base(l: StorageLocation): string {
  const bucket = l.s3?.bucket ?? l.gcs?.bucket
  return bucket === undefined ? `pvc ${l.filesystem?.claimName ?? ''}` : `bucket ${bucket}`
}

function root(l: StorageLocation): string {
  return trim(l.s3?.prefix ?? l.gcs?.prefix ?? l.filesystem?.path)
}

export function describeFolder(f: Folder): string {
  const l = f.location
  const path = [root(l), f.prefix].filter((p) => p !== '').join('/')
  if (l.s3 !== undefined) return `s3://${l.s3.bucket}/${path}`
  if (l.gcs !== undefined) return `gs://${l.gcs.bucket}/${path}`
  return `volume ${l.filesystem?.claimName ?? ''}:/${path}`
}

const contains = (outer: string, inner: string): boolean => outer === '' || inner === outer || inner.startsWith(`${outer}/`)
const sameFolder = (a: Folder, b: Folder): boolean => base(a.location) === base(b.location) && root(a.location) === root(b.location) && a.prefix === b.prefix

/** Every location of every storage class, for the nesting check. */
function allLocations(related: ObjectMap): { className: string; location: StorageLocation }[] {
  return objectsOf(related, BACKUP_API_VERSION, 'DatabaseBackupStorageClass').flatMap((o) => {
    const sc = lookupStorageClass(related, o.metadata.name)
    return sc.ok ? sc.value.spec.locations.map((location) => ({ className: o.metadata.name, location })) : []
  })
}

function nesting(folder: Folder, related: ObjectMap): string[] {
  const ours = folder.location
  return allLocations(related)
    .filter(({ location }) => base(location) === base(ours) && root(location) !== root(ours) && (contains(root(location), root(ours)) || contains(root(ours), root(location))))
    .map(({ className, location }) => `location ${location.name} of DatabaseBackupStorageClass ${className} uses the same bucket with prefix "${root(location)}", which nests with "${root(ours)}": folders of other namespaces may lie in ${describeFolder(folder)}`)
}

/** The folders a storage class could hold for `<namespace>/<folder>/`: one per location. */
function foldersIn(related: ObjectMap, className: string | undefined, prefix: string): Folder[] {
  if (className === undefined) return []
  const sc = lookupStorageClass(related, className)
  return sc.ok ? sc.value.spec.locations.map((location) => ({ location, prefix })) : []
}

interface Writer {
  who: string
  folders: Folder[]
}

function clusterWriters(cluster: ClusterObject, other: KObject, related: ObjectMap): Writer[] {
  const ns = cluster.namespace
  const name = other.metadata.name
  const backupClass = stringField(other, 'spec', 'backup', 'storageClassName')
  const serverName = stringField(other, 'spec', 'backup', 'serverName') ?? name
  const writers: Writer[] = [{ who: `DatabaseCluster ${name} writes its backups to`, folders: foldersIn(related, backupClass, `${ns}/${serverName}/`) }]
  if (stringField(other, 'spec', 'backup', 'logical', 'schedule') !== undefined) {
    const logicalClass = stringField(other, 'spec', 'backup', 'logical', 'storageClassName') ?? backupClass
    writers.push({ who: `DatabaseCluster ${name} writes its logical backups to`, folders: foldersIn(related, logicalClass, `${ns}/${logicalBackupName(name)}/`) })
  }
  return writers
}

/** The backups a cluster restores from, when they are in our namespace's folders. */
function sourceFolders(cluster: ClusterObject, other: KObject, related: ObjectMap): Folder[] {
  const source = stringField(other, 'spec', 'dataSource', 'backupSource', 'serverName')
  const sourceNs = stringField(other, 'spec', 'dataSource', 'backupSource', 'namespace') ?? other.metadata.namespace
  if (source === undefined || sourceNs !== cluster.namespace) return []
  return foldersIn(related, stringField(other, 'spec', 'dataSource', 'backupSource', 'storageClassName'), `${cluster.namespace}/${source}/`)
}

function restoreReaders(cluster: ClusterObject, work: WipeWork, other: KObject, related: ObjectMap): Writer[] {
  if (stringField(other, 'status', 'phase') === 'Ready') return []
  const sameNamespace = other.metadata.namespace === cluster.namespace
  const who = `DatabaseCluster ${sameNamespace ? '' : `${other.metadata.namespace ?? ''}/`}${other.metadata.name} (not Ready yet) restores from`
  const readers: Writer[] = [{ who, folders: sourceFolders(cluster, other, related) }]
  if (!sameNamespace) return readers
  const engineFolders = work.engineFolder === undefined ? [] : [work.engineFolder]
  if (stringField(other, 'spec', 'dataSource', 'clusterName') === cluster.name) readers.push({ who, folders: engineFolders })
  const backupName = stringField(other, 'spec', 'dataSource', 'backupName')
  if (backupName !== undefined && work.objects.some((o) => o.ref.name === backupName)) readers.push({ who, folders: engineFolders })
  return readers
}

/** A DatabaseBackup of the namespace; this cluster's own logical child (owned by it) is the one writer that is ours. */
function backupWriters(cluster: ClusterObject, backup: KObject, related: ObjectMap): Writer[] {
  const name = backup.metadata.name
  const owners = field(backup, 'metadata', 'ownerReferences')
  const ours = name === logicalBackupName(cluster.name) && Array.isArray(owners) && owners.some((r: unknown) => field(r, 'uid') === cluster.uid)
  if (ours) return []
  return [{ who: `DatabaseBackup ${name} writes its backups to`, folders: foldersIn(related, stringField(backup, 'spec', 'storageClassName'), `${cluster.namespace}/${name}/`) }]
}

/** Why the folders cannot be wiped now; empty when nothing else uses them. */
export function wipeConflicts(cluster: ClusterObject, work: WipeWork, related: ObjectMap): string[] {
  const inNamespace = (o: KObject) => (o.metadata.namespace ?? '') === cluster.namespace
  const others = objectsOf(related, API_VERSION, 'DatabaseCluster').filter((o) => !(inNamespace(o) && o.metadata.name === cluster.name))
  const self: KObject = { apiVersion: API_VERSION, kind: 'DatabaseCluster', metadata: { name: cluster.name, namespace: cluster.namespace }, spec: cluster.spec }
  const backups = objectsOf(related, BACKUP_API_VERSION, 'DatabaseBackup').filter(inNamespace)
  const users = [
    ...others.filter(inNamespace).flatMap((o) => clusterWriters(cluster, o, related)),
    ...others.flatMap((o) => restoreReaders(cluster, work, o, related)),
    ...backups.flatMap((b) => backupWriters(cluster, b, related)),
    { who: 'this cluster was restored from the backups of an earlier cluster in', folders: sourceFolders(cluster, self, related) },
  ]
  const reasons = new Set<string>()
  for (const folder of work.folders) {
    for (const reason of nesting(folder, related)) reasons.add(reason)
    for (const user of users) {
      if (user.folders.some((f) => sameFolder(f, folder))) reasons.add(`${user.who} ${describeFolder(folder)}`)
    }
  }
  return [...reasons].sort()
}
