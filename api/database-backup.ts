/**
 * DatabaseBackup (backup.dbaas.io/v1alpha1, namespaced): scheduled logical
 * backups of any database, carried out by a runner Deployment in the
 * database's namespace, with time-based and grandfather-father-son retention.
 */
import Type, { type Static } from 'typebox'
import { ConditionList, DNS_LABEL_PATTERN, OpenObject, ResourceRequirements, StringEnum, StringMap } from './k8s-schema.js'

export const BACKUP_ENGINES = ['postgresql', 'mysql', 'mariadb', 'mongodb', 'cockroach'] as const
export type BackupEngine = (typeof BACKUP_ENGINES)[number]

/** `30m`, `6h`, `1d`, `1h30m`: an interval between backups. */
export const INTERVAL_PATTERN = '^([0-9]+d)?([0-9]+h)?([0-9]+m)?$'

export const CredentialsRef = Type.Object(
  {
    name: Type.String({ description: 'Secret in the DatabaseBackup\'s namespace.', pattern: DNS_LABEL_PATTERN, maxLength: 253 }),
    usernameKey: Type.String({ description: 'Key holding the user name.', default: 'username', maxLength: 253 }),
    passwordKey: Type.String({ description: 'Key holding the password.', default: 'password', maxLength: 253 }),
    username: Type.Optional(Type.String({ description: 'The user name itself, for Secrets that hold only a password (usernameKey is then ignored).', maxLength: 128 })),
  },
  { description: 'Credentials of a database user allowed to dump (and, for restores, to create databases).' },
)
export type CredentialsRef = Static<typeof CredentialsRef>

export const ConnectionSpec = Type.Object(
  {
    host: Type.String({ description: 'Host name or address of the database server.', minLength: 1, maxLength: 253 }),
    port: Type.Integer({ description: 'TCP port.', minimum: 1, maximum: 65535 }),
    credentialsSecretRef: CredentialsRef,
    tls: StringEnum(['disable', 'prefer', 'require', 'verify-full'] as const, { description: 'TLS to the database server.', default: 'prefer' }),
  },
  { description: 'A database server reached directly.' },
)
export type ConnectionSpec = Static<typeof ConnectionSpec>

export const TargetSpec = Type.Object(
  {
    clusterName: Type.Optional(Type.String({ description: 'A DatabaseCluster in the same namespace: host, port and credentials come from its status endpoints.', pattern: DNS_LABEL_PATTERN, maxLength: 63 })),
    connection: Type.Optional(ConnectionSpec),
    databases: Type.Optional(Type.Array(Type.String({ description: 'A database name.', minLength: 1, maxLength: 128 }), { description: 'Databases to back up. Empty means all of them (and, for postgresql, the global objects: roles and tablespaces).', maxItems: 256 })),
  },
  {
    description: 'What to back up. Set exactly one of clusterName and connection.',
    'x-kubernetes-validations': [{ rule: 'has(self.clusterName) != has(self.connection)', message: 'set exactly one of clusterName and connection' }],
  },
)
export type TargetSpec = Static<typeof TargetSpec>

export const KeepSpec = Type.Object(
  {
    last: Type.Optional(Type.Integer({ description: 'Keep the newest N backups.', minimum: 0, maximum: 10000 })),
    hourly: Type.Optional(Type.Integer({ description: 'Keep the newest backup of each of the last N hours (UTC) that have one.', minimum: 0, maximum: 10000 })),
    daily: Type.Optional(Type.Integer({ description: 'Keep the newest backup of each of the last N days (UTC).', minimum: 0, maximum: 10000 })),
    weekly: Type.Optional(Type.Integer({ description: 'Keep the newest backup of each of the last N ISO weeks (UTC, ISO week-year).', minimum: 0, maximum: 10000 })),
    monthly: Type.Optional(Type.Integer({ description: 'Keep the newest backup of each of the last N months (UTC).', minimum: 0, maximum: 10000 })),
    yearly: Type.Optional(Type.Integer({ description: 'Keep the newest backup of each of the last N years (UTC).', minimum: 0, maximum: 10000 })),
  },
  { description: 'Grandfather-father-son counts. A backup kept by any rule is kept.' },
)
export type KeepSpec = Static<typeof KeepSpec>

export const RetentionSpec = Type.Object(
  {
    maxAge: Type.Optional(Type.String({ description: 'Delete backups older than this (`30d`, `12h`) unless a keep rule keeps them.', pattern: INTERVAL_PATTERN, maxLength: 16 })),
    keep: Type.Optional(KeepSpec),
    minKeep: Type.Integer({ description: 'Never leave fewer successful backups than this, whatever the other rules say.', minimum: 1, maximum: 10000, default: 1 }),
  },
  { description: 'Which stored backups to delete. With neither maxAge nor keep, nothing is deleted.' },
)
export type RetentionSpec = Static<typeof RetentionSpec>

export const RunnerSpec = Type.Object(
  {
    image: Type.Optional(Type.String({ description: 'Runner image. Defaults to the operator\'s own image, which carries every engine\'s client tools.', maxLength: 512 })),
    resources: Type.Optional(ResourceRequirements),
    nodeSelector: Type.Optional(StringMap({ description: 'Node labels the runner must match.' })),
    tolerations: Type.Optional(Type.Array(OpenObject({ description: 'A core/v1 Toleration.' }), { description: 'Tolerations of the runner.', maxItems: 32 })),
    affinity: Type.Optional(OpenObject({ description: 'A core/v1 Affinity for the runner.' })),
    priorityClassName: Type.Optional(Type.String({ description: 'PriorityClass of the runner.', maxLength: 253 })),
    scratchSize: Type.String({ description: 'Size of the runner\'s scratch space (an emptyDir for restores and verification).', default: '1Gi', maxLength: 32 }),
  },
  { description: 'How the runner Deployment runs.' },
)
export type RunnerSpec = Static<typeof RunnerSpec>

export const VerifySpec = Type.Object(
  {
    schedule: Type.String({ description: 'When to restore the newest backup into a scratch database and check it: an interval (`7d`) or a five-field cron expression.', minLength: 2, maxLength: 128 }),
  },
  { description: 'Restore verification.' },
)
export type VerifySpec = Static<typeof VerifySpec>

export const DatabaseBackupSpec = Type.Object(
  {
    engine: StringEnum(BACKUP_ENGINES, { description: 'Database engine, which decides the dump tool.' }),
    target: TargetSpec,
    storageClassName: Type.String({ description: 'DatabaseBackupStorageClass: every backup is written to all of its locations.', pattern: DNS_LABEL_PATTERN, maxLength: 63 }),
    schedule: Type.String({ description: 'When to back up: an interval (`6h`, `30m`, `1d`) counted from the previous backup, or a five-field cron expression (`0 2 * * *`).', minLength: 2, maxLength: 128 }),
    timeZone: Type.String({ description: 'IANA time zone of a cron schedule (`Europe/Berlin`). Retention always counts in UTC.', default: 'UTC', maxLength: 64 }),
    retention: Type.Optional(RetentionSpec),
    suspend: Type.Boolean({ description: 'Stop scheduled backups (the runner keeps running for on-demand commands and restores).', default: false }),
    timeoutSeconds: Type.Integer({ description: 'A backup running longer than this is cancelled and reported as failed.', minimum: 60, maximum: 604800, default: 21600 }),
    runner: Type.Optional(RunnerSpec),
    verify: Type.Optional(VerifySpec),
  },
  { description: 'A scheduled backup of one database.' },
)
export type DatabaseBackupSpec = Static<typeof DatabaseBackupSpec>

export const LocationResult = Type.Object(
  {
    name: Type.String({ description: 'Location name.' }),
    ok: Type.Boolean({ description: 'The backup was written completely to this location.' }),
    error: Type.Optional(Type.String({ description: 'What went wrong.' })),
  },
  { description: 'The result of one location.' },
)
export type LocationResult = Static<typeof LocationResult>

export const BackupRecord = Type.Object(
  {
    id: Type.String({ description: 'Backup id (its start time, `20260101T020000Z`).' }),
    startTime: Type.String({ description: 'Start.', format: 'date-time' }),
    endTime: Type.Optional(Type.String({ description: 'End.', format: 'date-time' })),
    size: Type.Optional(Type.Integer({ description: 'Bytes stored (after compression and encryption).', minimum: 0 })),
    checksum: Type.Optional(Type.String({ description: 'SHA-256 of the stored data, hex.' })),
    locations: Type.Optional(Type.Array(LocationResult, { description: 'Result per location.' })),
  },
  { description: 'One backup run.' },
)
export type BackupRecord = Static<typeof BackupRecord>

export const StoredBackups = Type.Object(
  {
    location: Type.String({ description: 'Location name.' }),
    count: Type.Integer({ description: 'Complete backups stored.', minimum: 0 }),
    newest: Type.Optional(Type.String({ description: 'Time of the newest.', format: 'date-time' })),
    oldest: Type.Optional(Type.String({ description: 'Time of the oldest.', format: 'date-time' })),
    bytes: Type.Optional(Type.Integer({ description: 'Bytes stored.', minimum: 0 })),
  },
  { description: 'What one location holds.' },
)
export type StoredBackups = Static<typeof StoredBackups>

export const DatabaseBackupStatus = Type.Object(
  {
    observedGeneration: Type.Optional(Type.Integer({ description: 'The generation this status was computed from.' })),
    conditions: Type.Optional(ConditionList('Ready (runner up), LastBackupSucceeded, BackupFresh (False when a backup is overdue), Verified.')),
    runnerReady: Type.Optional(Type.Boolean({ description: 'The runner Deployment has a ready pod.' })),
    lastBackup: Type.Optional(BackupRecord),
    lastSuccessfulTime: Type.Optional(Type.String({ description: 'End of the newest successful backup.', format: 'date-time' })),
    lastFailure: Type.Optional(Type.Object({ time: Type.String({ description: 'When.', format: 'date-time' }), error: Type.String({ description: 'Why.' }) }, { description: 'The newest failed backup.' })),
    consecutiveFailures: Type.Optional(Type.Integer({ description: 'Failed backups since the last success.', minimum: 0 })),
    nextScheduledTime: Type.Optional(Type.String({ description: 'When the next scheduled backup is due.', format: 'date-time' })),
    storedBackups: Type.Optional(Type.Array(StoredBackups, { description: 'Backups stored per location.' })),
    lastVerification: Type.Optional(Type.Object({ time: Type.String({ description: 'When.', format: 'date-time' }), backupId: Type.String({ description: 'Backup restored.' }), ok: Type.Boolean({ description: 'It restored and checked out.' }), message: Type.String({ description: 'Details.' }) }, { description: 'The newest restore verification.' })),
  },
  { description: 'Observed state of the backups, from the runner\'s report.' },
)
export type DatabaseBackupStatus = Static<typeof DatabaseBackupStatus>
