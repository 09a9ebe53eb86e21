/**
 * DatabaseCluster (dbaas.io/v1alpha1): one database cluster of any supported engine.
 *
 * This file is the single source of truth for the kind: the TypeScript types,
 * the validator the hooks use and the CRD YAML under manifests/ all come from it.
 */
import Type, { type Static } from 'typebox'
import { capabilityRules } from './capability-rules.js'
import { RetentionSpec } from './database-backup.js'
import {
  ConditionList,
  DNS_LABEL_PATTERN,
  OpenObject,
  QuantityString,
  ResourceRequirements,
  StringEnum,
  StringMap,
} from './k8s-schema.js'

export const ENGINES = ['postgresql', 'mongodb', 'mysql', 'kafka'] as const
export type Engine = (typeof ENGINES)[number]

export const PROXY_TYPES = ['pgbouncer', 'haproxy', 'proxysql', 'mongos'] as const
export type ProxyType = (typeof PROXY_TYPES)[number]

export const ConfigParameter = Type.Object(
  {
    name: Type.String({ description: 'Parameter name, as the engine spells it (for example `max_connections`).', minLength: 1, maxLength: 253 }),
    value: Type.String({ description: 'Parameter value, always a string (quote numbers in YAML).', maxLength: 65536 }),
  },
  { description: 'One engine configuration parameter.' },
)
export type ConfigParameter = Static<typeof ConfigParameter>

function ConfigList(description: string) {
  return Type.Array(ConfigParameter, { description, maxItems: 512, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] })
}

export const ProxySpec = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Run a proxy or connection pooler in front of the database.', default: false }),
    type: Type.Optional(StringEnum(PROXY_TYPES, { description: 'Proxy kind. Defaults to the engine\'s natural choice: pgbouncer for postgresql, haproxy for mysql, mongos for mongodb.' })),
    replicas: Type.Integer({ description: 'Number of proxy instances.', minimum: 1, maximum: 32, default: 2 }),
    poolMode: Type.Optional(StringEnum(['session', 'transaction'] as const, { description: 'PgBouncer pool mode (postgresql only). Defaults to session.' })),
    config: Type.Optional(ConfigList('Proxy configuration parameters (for PgBouncer, its `[pgbouncer]` settings).')),
    resources: Type.Optional(ResourceRequirements),
  },
  { description: 'Proxy or connection pooler in front of the database.' },
)
export type ProxySpec = Static<typeof ProxySpec>

export const ExposeSpec = Type.Object(
  {
    type: StringEnum(['internal', 'external'] as const, { description: '`internal`: reachable inside the cluster only. `external`: an extra LoadBalancer Service for the primary (or the proxy).', default: 'internal' }),
    sourceRanges: Type.Optional(Type.Array(Type.String({ description: 'A CIDR.', maxLength: 64 }), { description: 'Client CIDRs allowed to reach an external endpoint. Empty means no restriction.', maxItems: 64 })),
    annotations: Type.Optional(StringMap({ description: 'Annotations for the external Service (for example a cloud load balancer\'s settings).' })),
  },
  { description: 'How clients outside the namespace reach the database.' },
)
export type ExposeSpec = Static<typeof ExposeSpec>

export const MonitoringSpec = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Export metrics and create a PodMonitor (or PMM client, for Percona engines) for them.', default: false }),
    labels: Type.Optional(StringMap({ description: 'Extra labels on the PodMonitor, for a Prometheus that selects monitors by label.' })),
    pmm: Type.Optional(
      Type.Object(
        {
          serverHost: Type.String({ description: 'PMM server host the Percona engines report to. Its token goes in the cluster\'s system users Secret (`<name>-secrets`, key `pmmservertoken`, for mysql; `<name>-users`, key `PMM_SERVER_TOKEN`, for mongodb).', minLength: 1, maxLength: 253 }),
        },
        { description: 'Percona Monitoring and Management, for the Percona engines (mongodb, mysql).' },
      ),
    ),
  },
  { description: 'Metrics collection.' },
)
export type MonitoringSpec = Static<typeof MonitoringSpec>

export const SchedulingSpec = Type.Object(
  {
    nodeSelector: Type.Optional(StringMap({ description: 'Node labels every instance must match.' })),
    tolerations: Type.Optional(Type.Array(OpenObject({ description: 'A core/v1 Toleration.' }), { description: 'Tolerations for every instance.', maxItems: 64 })),
    affinity: Type.Optional(OpenObject({ description: 'A core/v1 NodeAffinity, added to the engine\'s own pod anti-affinity.' })),
    antiAffinity: StringEnum(['preferred', 'required', 'none'] as const, { description: 'Spread instances over `topologyKey`: `required` refuses to co-locate, `preferred` tries, `none` does not care.', default: 'preferred' }),
    topologyKey: Type.String({ description: 'Node label that the anti-affinity spreads over.', default: 'kubernetes.io/hostname', minLength: 1, maxLength: 317 }),
    topologySpreadConstraints: Type.Optional(Type.Array(OpenObject({ description: 'A core/v1 TopologySpreadConstraint.' }), { description: 'Topology spread constraints for every instance.', maxItems: 16 })),
    priorityClassName: Type.Optional(Type.String({ description: 'PriorityClass of every instance.', maxLength: 253 })),
  },
  { description: 'Where instances may run.' },
)
export type SchedulingSpec = Static<typeof SchedulingSpec>

export const BackupSchedule = Type.Object(
  {
    name: Type.String({ description: 'Schedule name, unique in the cluster.', pattern: DNS_LABEL_PATTERN, maxLength: 20 }),
    schedule: Type.String({ description: 'Standard five-field cron expression in UTC (`0 2 * * *` = 02:00 daily).', minLength: 9, maxLength: 128, pattern: '^\\S+(\\s+\\S+){4}$' }),
    enabled: Type.Boolean({ description: 'Run this schedule.', default: true }),
    retentionCopies: Type.Optional(Type.Integer({ description: 'Keep this many backups of this schedule (engines with count-based retention: mongodb, mysql).', minimum: 1, maximum: 1000 })),
  },
  { description: 'One scheduled full backup.' },
)
export type BackupSchedule = Static<typeof BackupSchedule>

export const LogicalBackupSpec = Type.Object(
  {
    schedule: Type.String({ description: 'When the backup runner dumps the databases: an interval (`6h`, `1d`) or a five-field cron expression.', default: '1d', minLength: 2, maxLength: 128 }),
    timeZone: Type.Optional(Type.String({ description: 'IANA time zone of a cron schedule. Defaults to UTC.', maxLength: 64 })),
    storageClassName: Type.Optional(Type.String({ description: 'DatabaseBackupStorageClass for the dumps; defaults to backup.storageClassName. Every location of the class gets every dump (filesystem locations too).', pattern: DNS_LABEL_PATTERN, maxLength: 63 })),
    databases: Type.Optional(Type.Array(Type.String({ description: 'A database name.', minLength: 1, maxLength: 128 }), { description: 'Databases to dump; empty means all.', maxItems: 256 })),
    retention: Type.Optional(RetentionSpec),
  },
  { description: 'Logical backups (pg_dump, mysqldump, mongodump) by a backup runner, in addition to the engine\'s native ones: portable across versions and operators, restorable table by table. Creates a DatabaseBackup named `<cluster>-logical`.' },
)
export type LogicalBackupSpec = Static<typeof LogicalBackupSpec>

export const BackupSpec = Type.Object(
  {
    storageClassName: Type.String({ description: 'The DatabaseBackupStorageClass (cluster-scoped) that says where backups go.', pattern: DNS_LABEL_PATTERN, maxLength: 63 }),
    location: Type.Optional(Type.String({ description: 'Which location of the storage class the engine writes to. Defaults to the first location the engine can use.', pattern: DNS_LABEL_PATTERN, maxLength: 63 })),
    serverName: Type.Optional(Type.String({ description: 'Folder name of this cluster\'s backups inside the location. Defaults to the cluster name; change it when re-creating a cluster under the name of one whose backups are still stored.', pattern: DNS_LABEL_PATTERN, maxLength: 63 })),
    schedules: Type.Array(BackupSchedule, { description: 'Scheduled full backups. Defaults to one daily backup at 00:00 UTC.', maxItems: 16, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], default: [{ name: 'daily', schedule: '0 0 * * *', enabled: true }] }),
    retentionDays: Type.Optional(Type.Integer({ description: 'Delete backups older than this many days, keeping what point-in-time recovery of that window needs (postgresql: the barman-cloud retention policy; defaults to 30 there).', minimum: 1, maximum: 3650 })),
    pointInTimeRecovery: Type.Boolean({ description: 'Archive the transaction log continuously so the cluster can be restored to any moment (postgresql: WAL archiving, always on with backups).', default: true }),
    logical: Type.Optional(LogicalBackupSpec),
  },
  { description: 'Backups taken by the engine\'s own operator.' },
)
export type BackupSpec = Static<typeof BackupSpec>

export const BackupSourceSpec = Type.Object(
  {
    storageClassName: Type.String({ description: 'DatabaseBackupStorageClass holding the backups.', pattern: DNS_LABEL_PATTERN, maxLength: 63 }),
    location: Type.Optional(Type.String({ description: 'Location inside the storage class. Defaults to the first one the engine can use.', pattern: DNS_LABEL_PATTERN, maxLength: 63 })),
    serverName: Type.String({ description: 'Folder name the source cluster wrote its backups under (its `backup.serverName`, by default its name).', pattern: DNS_LABEL_PATTERN, maxLength: 63 }),
    namespace: Type.Optional(Type.String({ description: 'Namespace the source cluster lived in (backups are stored per namespace). Defaults to this cluster\'s namespace.', pattern: DNS_LABEL_PATTERN, maxLength: 63 })),
  },
  { description: 'Backups in storage, for example those of a cluster that no longer exists.' },
)
export type BackupSourceSpec = Static<typeof BackupSourceSpec>

export const VolumeSourceSpec = Type.Object(
  {
    kind: StringEnum(['PersistentVolumeClaim', 'VolumeSnapshot'] as const, { description: 'What `name` is: a PersistentVolumeClaim (cloned by the CSI driver, which must support volume cloning) or a VolumeSnapshot of one.', default: 'PersistentVolumeClaim' }),
    name: Type.String({ description: 'In this namespace: the data volume of an earlier cluster\'s primary, for example one kept by `deletionPolicy: Retain` (labelled `dbaas.io/retained-from`), or a snapshot of it. It must come from a cleanly stopped or retained instance.', pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$', maxLength: 253 }),
  },
  { description: 'postgresql: start from the data volume of an earlier cluster (CloudNativePG `bootstrap.recovery.volumeSnapshots`).' },
)
export type VolumeSourceSpec = Static<typeof VolumeSourceSpec>

export const DataSourceSpec = Type.Object(
  {
    clusterName: Type.Optional(Type.String({ description: 'Clone this DatabaseCluster of the same namespace from its backups.', pattern: DNS_LABEL_PATTERN, maxLength: 63 })),
    backupName: Type.Optional(Type.String({ description: 'Restore this engine-native backup object of the same namespace (for postgresql, a CloudNativePG Backup).', maxLength: 253 })),
    backupSource: Type.Optional(BackupSourceSpec),
    volume: Type.Optional(VolumeSourceSpec),
    pointInTime: Type.Optional(Type.String({ description: 'Recover up to this moment (RFC 3339 with a zone, for example `2026-07-01T12:00:00Z`) instead of the end of the latest backup.', format: 'date-time', maxLength: 64 })),
  },
  {
    description: 'Where the initial data comes from. Read once, when the cluster is created; later changes are ignored and reported in status.',
    'x-kubernetes-validations': [
      {
        rule: '[has(self.clusterName), has(self.backupName), has(self.backupSource), has(self.volume)].filter(x, x).size() == 1',
        message: 'set exactly one of clusterName, backupName, backupSource and volume',
      },
      {
        rule: '!has(self.volume) || !has(self.pointInTime)',
        message: 'pointInTime needs backups: a volume holds one moment only',
      },
    ],
  },
)
export type DataSourceSpec = Static<typeof DataSourceSpec>

export const DELETION_POLICIES = ['Retain', 'Delete', 'WipeOut'] as const
export type DeletionPolicy = (typeof DELETION_POLICIES)[number]

/** Whether deleting the cluster deletes its volumes: every policy but `Retain` (`WipeOut` is `Delete` plus the backups). */
export function deletesVolumes(policy: DeletionPolicy): boolean {
  return policy !== 'Retain'
}

/**
 * Version changes the API server refuses (transition rules; a version that
 * is set before and after). Patch-level and catalog checks stay in the
 * providers, which know the catalog.
 */
const MAJOR = (v: string) => `int(${v}.split('.')[0])`
const MINOR = (v: string) => `int(${v}.split('.')[1])`
const BOTH = '!has(self.version) || !has(oldSelf.version)'
const VERSION_RULES = [
  {
    rule: `${BOTH} || ${MAJOR('self.version')} > ${MAJOR('oldSelf.version')} || (${MAJOR('self.version')} == ${MAJOR('oldSelf.version')} && (size(self.version.split('.')) < 2 || size(oldSelf.version.split('.')) < 2 || ${MINOR('self.version')} >= ${MINOR('oldSelf.version')}))`,
    message: 'version cannot go down: restore a backup into a new DatabaseCluster with the older version instead',
    fieldPath: '.version',
  },
  {
    rule: `self.engine != 'mongodb' || ${BOTH} || ${MAJOR('self.version')} - ${MAJOR('oldSelf.version')} <= 1`,
    message: 'mongodb: upgrade one major version at a time (6 → 7 → 8), each rolled out before the next',
    fieldPath: '.version',
  },
  {
    rule: `self.engine != 'mysql' || ${BOTH} || size(self.version.split('.')) < 2 || size(oldSelf.version.split('.')) < 2 || (${MAJOR('self.version')} == ${MAJOR('oldSelf.version')} && ${MINOR('self.version')} == ${MINOR('oldSelf.version')})`,
    message: 'mysql: Percona XtraDB Cluster has no in-place upgrade between series (8.0 → 8.4): clone into a new DatabaseCluster with dataSource.clusterName',
    fieldPath: '.version',
  },
]

export const DatabaseClusterSpec = Type.Object(
  {
    engine: StringEnum(ENGINES, {
      description: 'Database engine. Cannot be changed after creation.',
      'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'engine is immutable: create a new DatabaseCluster (with dataSource) instead' }],
    }),
    version: Type.Optional(Type.String({ description: 'Engine version (`17`, `8.0`, `4.1.0`). Defaults to the newest version the engine catalog knows. See `dbaas explain` for the list.', pattern: '^[0-9]+(\\.[0-9]+){0,2}$', maxLength: 32 })),
    clusterSize: Type.Integer({ description: 'Number of database instances (postgresql: 1 primary + replicas; mongodb: replica set members; mysql: Galera nodes; kafka: brokers).', minimum: 1, maximum: 9, default: 3 }),
    storage: QuantityString({ description: 'Volume size of each instance (`10Gi`). Can grow, never shrink.' }),
    storageClass: Type.Optional(Type.String({ description: 'StorageClass of the volumes. Defaults to the cluster\'s default StorageClass.', maxLength: 253 })),
    dedicatedControllers: Type.Optional(
      Type.Boolean({
        description:
          'Run the cluster\'s metadata quorum on instances of its own instead of on the data instances (kafka only: 3 KRaft controllers next to `clusterSize` brokers). Unset: dedicated above 3 brokers, shared up to 3. `false` keeps at most 3 brokers in the quorum and adds the rest as brokers only. Fixed once the cluster exists: Strimzi cannot move or resize the quorum.',
      }),
    ),
    resources: Type.Optional(ResourceRequirements),
    config: Type.Optional(ConfigList('Engine configuration parameters (postgresql.conf GUCs, my.cnf keys, mongod options, Kafka broker configs).')),
    proxy: Type.Optional(ProxySpec),
    expose: Type.Optional(ExposeSpec),
    monitoring: Type.Optional(MonitoringSpec),
    scheduling: Type.Optional(SchedulingSpec),
    backup: Type.Optional(BackupSpec),
    dataSource: Type.Optional(DataSourceSpec),
    stopped: Type.Boolean({ description: 'Stop every instance and keep the volumes (postgresql: hibernation). Set back to false to start again.', default: false }),
    deletionPolicy: StringEnum(DELETION_POLICIES, {
      description:
        'What deleting the DatabaseCluster removes. The teardown is always ordered (proxy, monitors and schedules first, data last). `Delete`: the cluster and its volumes; backups in storage and the engine\'s backup objects are kept. `Retain`: the cluster goes, its volumes (and, for mysql and mongodb, the system users Secret) stay, labelled `dbaas.io/retained-from: <name>`; see the README for reattaching them. `WipeOut`: as `Delete`, then a Job empties the backup folders this cluster wrote (`<namespace>/<backup.serverName>/` of the engine\'s location and `<namespace>/<name>-logical/` of every location of the logical backups\' class) and deletes the engine\'s backup objects of this cluster; it waits, and reports why, while another DatabaseCluster or DatabaseBackup uses one of those folders. Standalone DatabaseBackups targeting this cluster keep their backups. Set it before deleting: the teardown uses the policy of the last sync.',
      default: 'Delete',
    }),
    deletionProtection: Type.Boolean({
      description:
        'Refuse `kubectl delete`, Argo CD prune and namespace deletion while true (a ValidatingAdmissionPolicy in the API server). On by default: deleting a database takes two deliberate steps, turning this off and then deleting.',
      default: true,
    }),
    opsPolicy: Type.Optional(
      Type.Object(
        {
          declarativeOps: StringEnum(['Patch', 'Track', 'Reject'] as const, {
            description: 'How OpsRequests that change this spec (Start, Stop, scaling, volume expansion, reconfiguration, upgrade) behave. `Patch`: the OpsRequest applies the change with its own field manager (`dbaas-ops-<name>`) and records the previous values. `Track` (GitOps): the OpsRequest changes nothing; it waits for the spec (from Git) to reach the requested values and then tracks the rollout. `Reject`: such OpsRequests fail at once, naming the spec field to edit instead.',
            default: 'Patch',
          }),
        },
        { description: 'How day-2 operations may touch this cluster.' },
      ),
    ),
    engineOverrides: Type.Optional(OpenObject({ description: 'Escape hatch: a JSON merge patch applied last to the `spec` of the engine operator\'s main object (for postgresql the CloudNativePG Cluster), for what the generic API does not cover. Unsupported combinations are the engine operator\'s to reject.' })),
  },
  {
    description: 'Desired state of the database cluster.',
    'x-kubernetes-validations': [
      {
        rule: '!has(oldSelf.storage) || quantity(self.storage).compareTo(quantity(oldSelf.storage)) >= 0',
        message: 'storage cannot shrink: volumes can only grow',
        fieldPath: '.storage',
      },
      ...VERSION_RULES,
      ...capabilityRules(),
      {
        rule: "self.engine == 'postgresql' || !has(self.dataSource) || !has(self.dataSource.volume)",
        message: 'dataSource.volume: only postgresql clusters start from a volume (CloudNativePG volume recovery); other engines restore from backups',
        fieldPath: '.dataSource.volume',
      },
      {
        rule: "self.engine == 'kafka' || !has(self.dedicatedControllers)",
        message: 'dedicatedControllers applies to kafka only: the other engines have no separate metadata quorum',
        fieldPath: '.dedicatedControllers',
      },
    ],
  },
)
export type DatabaseClusterSpec = Static<typeof DatabaseClusterSpec>

export const PHASES = ['Pending', 'Creating', 'Ready', 'Updating', 'Stopping', 'Stopped', 'Restoring', 'Failed', 'Invalid', 'Deleting'] as const
export type Phase = (typeof PHASES)[number]

export const Endpoint = Type.Object(
  {
    name: Type.String({ description: 'Endpoint name: rw, ro, r, pooler, external, bootstrap.' }),
    role: StringEnum(['primary', 'replica', 'any', 'pooler', 'bootstrap'] as const, { description: 'What the endpoint reaches.' }),
    host: Type.String({ description: 'Host name clients connect to.' }),
    port: Type.Integer({ description: 'TCP port.', minimum: 1, maximum: 65535 }),
    secretName: Type.Optional(Type.String({ description: 'Secret with credentials for this endpoint (user, password, connection URI).' })),
  },
  { description: 'A way in to the database.' },
)
export type Endpoint = Static<typeof Endpoint>

export const InstanceStatus = Type.Object(
  {
    name: Type.String({ description: 'Pod name.' }),
    role: StringEnum(['primary', 'replica', 'member', 'broker', 'controller'] as const, { description: 'Role of the instance.' }),
    state: StringEnum(['healthy', 'replicating', 'failed', 'unknown'] as const, { description: 'State the engine operator reports.' }),
  },
  { description: 'One instance of the cluster.' },
)
export type InstanceStatus = Static<typeof InstanceStatus>

export const BackupStatus = Type.Object(
  {
    configured: Type.Boolean({ description: 'Backups are configured for this cluster.' }),
    storageClassName: Type.Optional(Type.String({ description: 'Storage class in use.' })),
    storageName: Type.Optional(Type.String({ description: 'The engine operator\'s storage that scheduled and on-demand backups go to (mysql, mongodb), as the operator\'s object names it.' })),
    lastSuccessfulBackup: Type.Optional(Type.String({ description: 'End of the newest successful backup.', format: 'date-time' })),
    lastFailedBackup: Type.Optional(Type.String({ description: 'Time of the newest failed backup.', format: 'date-time' })),
    firstRecoverabilityPoint: Type.Optional(Type.String({ description: 'Earliest moment the cluster can be restored to.', format: 'date-time' })),
    continuousArchiving: Type.Optional(StringEnum(['True', 'False', 'Unknown'] as const, { description: 'Transaction-log archiving works (point-in-time recovery).' })),
    message: Type.Optional(Type.String({ description: 'What is wrong, when something is.' })),
  },
  { description: 'Health of the backups that protect this cluster.' },
)
export type BackupStatus = Static<typeof BackupStatus>

export const LogicalBackupStatus = Type.Object(
  {
    name: Type.String({ description: 'DatabaseBackup name.' }),
    fresh: StringEnum(['True', 'False', 'Unknown'] as const, { description: 'Its BackupFresh condition.' }),
    lastSucceeded: StringEnum(['True', 'False', 'Unknown'] as const, { description: 'Its LastBackupSucceeded condition.' }),
    lastSuccessfulTime: Type.Optional(Type.String({ description: 'End of its newest successful backup.', format: 'date-time' })),
  },
  { description: 'Health of one backup runner protecting this cluster.' },
)
export type LogicalBackupStatus = Static<typeof LogicalBackupStatus>

export const QueuedOperation = Type.Object(
  {
    name: Type.String({ description: 'OpsRequest name.' }),
    type: Type.String({ description: 'Operation type.' }),
    phase: Type.String({ description: 'Its phase (Pending or Running; Failed ones stay listed while they block the queue).' }),
  },
  { description: 'One OpsRequest in this cluster\'s queue.' },
)

export const EngineObjectStatus = Type.Object(
  {
    kind: Type.String({ description: 'Kind of the engine operator\'s object.' }),
    name: Type.String({ description: 'Its name.' }),
    phase: Type.Optional(Type.String({ description: 'The phase or state it reports, verbatim.' })),
    message: Type.Optional(Type.String({ description: 'Its explanation of that phase, verbatim.' })),
  },
  { description: 'The engine operator\'s own view, kept for debugging.' },
)
export type EngineObjectStatus = Static<typeof EngineObjectStatus>

export const DataSourceStatus = Type.Object(
  {
    applied: Type.Boolean({ description: 'The data source was used to create the cluster; later changes to spec.dataSource are ignored.' }),
    source: Type.String({ description: 'What the cluster was created from.' }),
  },
  { description: 'How the data source was used.' },
)
export type DataSourceStatus = Static<typeof DataSourceStatus>

export const DatabaseClusterStatus = Type.Object(
  {
    observedGeneration: Type.Optional(Type.Integer({ description: 'The generation this status was computed from.' })),
    phase: Type.Optional(StringEnum(PHASES, { description: 'One-word summary for humans; automation should read conditions.' })),
    conditions: Type.Optional(ConditionList('Ready, Progressing, SpecValid and BackupHealthy conditions.')),
    ready: Type.Optional(Type.String({ description: 'Ready instances over desired instances (`2/3`).' })),
    instances: Type.Optional(Type.Integer({ description: 'Instances the engine operator reports.' })),
    readyInstances: Type.Optional(Type.Integer({ description: 'Instances that are ready.' })),
    primary: Type.Optional(Type.String({ description: 'Current primary instance (or equivalent).' })),
    instanceRoles: Type.Optional(Type.Array(InstanceStatus, { description: 'Each instance and its role.' })),
    endpoints: Type.Optional(Type.Array(Endpoint, { description: 'How to connect.' })),
    version: Type.Optional(Type.String({ description: 'Engine version actually running.' })),
    backup: Type.Optional(BackupStatus),
    logicalBackups: Type.Optional(Type.Array(LogicalBackupStatus, { description: 'DatabaseBackups (backup runners) that protect this cluster: its own `<cluster>-logical` and any other that targets it.' })),
    monitoring: Type.Optional(Type.Object({ podMonitor: Type.Optional(Type.String({ description: 'PodMonitor name.' })) }, { description: 'Monitoring objects in place.' })),
    engine: Type.Optional(EngineObjectStatus),
    operations: Type.Optional(Type.Array(QueuedOperation, { description: 'The operation queue: unfinished OpsRequests on this cluster in the order they run, and failed ones that block it.' })),
    dataSource: Type.Optional(DataSourceStatus),
    retainedVolumes: Type.Optional(Type.Array(Type.String(), { description: 'While deleting with `deletionPolicy: Retain`: the volumes (PersistentVolumeClaims) kept after the cluster is gone.' })),
    wipedBackups: Type.Optional(Type.Array(Type.String(), { description: 'While deleting with `deletionPolicy: WipeOut`: the backup folders emptied (`<location>: <namespace>/<folder>/`), recorded once the wipe Job has succeeded.' })),
  },
  { description: 'Observed state of the database cluster, computed from the engine operator\'s objects.' },
)
export type DatabaseClusterStatus = Static<typeof DatabaseClusterStatus>

export const DatabaseCluster = Type.Object({
  apiVersion: Type.String({ description: 'dbaas.io/v1alpha1' }),
  kind: Type.String({ description: 'DatabaseCluster' }),
  metadata: Type.Object({}, { description: 'Standard object metadata.' }),
  spec: DatabaseClusterSpec,
  status: Type.Optional(DatabaseClusterStatus),
})
