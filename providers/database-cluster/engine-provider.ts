/**
 * What an engine provider is: the seed's Provider + Applier, as pure functions.
 *
 * `desired` runs the transformation pipeline (metadata → engine → proxy →
 * monitoring → scheduling → backup → dataSource) and returns every child;
 * `status` maps the engine operator's observed objects onto our status
 * vocabulary; `related` says which objects the customize hook must fetch.
 */
import type { StorageLocation } from '../../api/backup-storage-class.js'
import type { BackupObject } from '../shared/backup-objects.js'
import type { BackupStorageClassObject } from '../shared/related.js'
import type { Engine, DatabaseClusterSpec, Endpoint, InstanceStatus, BackupStatus, EngineObjectStatus, Phase } from '../../api/database-cluster.js'
import type { ReconcileContext } from '../shared/context.js'
import type { ChildType, KObject, ObjectMap, RelatedResourceRule } from '../shared/kube.js'

/** A DatabaseCluster after parsing: defaults applied, spec valid against the schema. */
export interface ClusterObject {
  name: string
  namespace: string
  uid: string
  generation: number
  labels: Record<string, string>
  spec: DatabaseClusterSpec
  status: Record<string, unknown>
}

export interface ClusterInput {
  cluster: ClusterObject
  /** Children Metacontroller observed (v2 map). */
  children: ObjectMap
  /** Related objects the customize hook asked for (v2 map). */
  related: ObjectMap
  ctx: ReconcileContext
}

/** A reason the spec cannot be carried out now; reported in status, children kept as last applied. */
export interface SpecProblem {
  /** CamelCase condition reason, e.g. `UnsupportedVersion`, `StorageClassNotFound`. */
  reason: string
  message: string
}

/** The engine-specific part of the status. */
export interface EngineStatus {
  phase: Phase
  /** Ready condition as the engine operator reports it. */
  ready: boolean
  readyReason: string
  readyMessage: string
  /** True while the engine operator is still acting on a change. */
  progressing: boolean
  instances?: number
  readyInstances?: number
  primary?: string
  instanceRoles?: InstanceStatus[]
  endpoints: Endpoint[]
  version?: string
  backup: BackupStatus
  engine?: EngineObjectStatus
  podMonitor?: string
  dataSource?: { applied: boolean; source: string }
}

export interface EngineProvider {
  engine: Engine
  /** Every child type this provider may emit (listed in the CompositeController). */
  childTypes: readonly ChildType[]
  /** Related objects to fetch for this spec (customize hook). Depends on the spec only. */
  related(cluster: ClusterObject, ctx: ReconcileContext): RelatedResourceRule[]
  /** Problems the schema cannot catch. Empty when the spec can be carried out. */
  validate(input: ClusterInput): SpecProblem[]
  /** The complete desired set of children. Only called when validate found nothing. */
  desired(input: ClusterInput): KObject[]
  /** Status from the observed children and related objects only. */
  status(input: ClusterInput): EngineStatus
  /**
   * Volumes the engine's operator owns and would delete with its cluster,
   * which `deletionPolicy: Retain` must release first. Engines whose operator
   * keeps volumes on its own (a finalizer or flag in `desired`) leave it out.
   */
  ownedVolumes?(children: ObjectMap, cluster: { name: string; namespace: string }): string[]
  /**
   * Where the engine's own backups go, for `deletionPolicy: WipeOut`: the
   * locations it can write to (it writes to `backup.location` or the first
   * usable one, under `<namespace>/<serverName>/`) and its backup objects of
   * this cluster among the related objects. Engines without backups leave it out.
   */
  backupStore?: EngineBackupStore
}

export interface EngineBackupStore {
  /** What the folder holds, for status and logs (`barman-cloud base backups and WAL`). */
  what: string
  usable: (location: StorageLocation) => boolean
  /** Related rules for the backup objects, asked for only with `deletionPolicy: WipeOut`. */
  related(cluster: ClusterObject): RelatedResourceRule[]
  /** The engine operator's backup objects of this cluster (related objects of its namespace). */
  objects(cluster: ClusterObject, related: ObjectMap): BackupObject[]
  /**
   * What may still write to the folder after the engine's cluster object is
   * gone (instances stopping in the background), to wait for before wiping:
   * the related rules to see it, and what of it is observed.
   */
  writers?: {
    related(cluster: ClusterObject): RelatedResourceRule[]
    observed(cluster: ClusterObject, related: ObjectMap): string[]
  }
}

export type { BackupStorageClassObject }
