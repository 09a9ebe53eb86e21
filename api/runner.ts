/**
 * The contract between the DatabaseBackup controller and its runner.
 *
 * The controller writes a RunnerConfig into a ConfigMap the runner mounts at
 * RUNNER_PATHS.config; credentials arrive as mounted Secret files, never in the
 * config. The runner writes a RunnerReport into the report ConfigMap, which the
 * controller's hook reads back as a related object to compute the status.
 */
import Type, { type Static } from 'typebox'
import { BACKUP_ENGINES, BackupRecord, KeepSpec, StoredBackups } from './database-backup.js'
import { StringEnum } from './k8s-schema.js'

export const RUNNER_PATHS = {
  /** The RunnerConfig JSON. */
  config: '/etc/dbaas/runner/config.json',
  /** Target credentials: files `username` and `password`. */
  targetCredentials: '/var/run/dbaas/target',
  /** Storage credentials: one file per key, named `<location>.<KEY>` (and `encryption.ENCRYPTION_KEY`). */
  storageCredentials: '/var/run/dbaas/storage',
  /** Filesystem locations are mounted at `<backups>/<location>`. */
  backups: '/backups',
  /** Scratch space for restores and verification. */
  scratch: '/scratch',
} as const

/** Key of the report in the report ConfigMap's data. */
export const REPORT_KEY = 'report.json'

const Optional = Type.Optional

export const RunnerLocation = Type.Object(
  {
    name: Type.String({ description: 'Location name.' }),
    s3: Optional(
      Type.Object(
        {
          bucket: Type.String({ description: 'Bucket.' }),
          prefix: Optional(Type.String({ description: 'Key prefix.' })),
          region: Optional(Type.String({ description: 'Region.' })),
          endpoint: Optional(Type.String({ description: 'Endpoint URL.' })),
          forcePathStyle: Type.Boolean({ description: 'Path-style addressing.' }),
          insecureSkipTLSVerify: Type.Boolean({ description: 'Skip TLS verification.' }),
          credentials: Type.Boolean({ description: 'Access keys are mounted as `<location>.AWS_ACCESS_KEY_ID` / `.AWS_SECRET_ACCESS_KEY` (and optionally `.AWS_SESSION_TOKEN`, `.ca.crt`); false means the workload identity.' }),
        },
        { description: 'S3-compatible store.' },
      ),
    ),
    gcs: Optional(
      Type.Object(
        {
          bucket: Type.String({ description: 'Bucket.' }),
          prefix: Optional(Type.String({ description: 'Object prefix.' })),
          credentials: Type.Boolean({ description: 'A service account key is mounted as `<location>.GOOGLE_APPLICATION_CREDENTIALS_JSON`; false means workload identity.' }),
        },
        { description: 'Google Cloud Storage.' },
      ),
    ),
    filesystem: Optional(Type.Object({ path: Type.String({ description: 'Directory inside the runner (under /backups/<location>).' }) }, { description: 'A mounted volume.' })),
  },
  { description: 'One place to write backups to.' },
)
export type RunnerLocation = Static<typeof RunnerLocation>

export const RunnerConfig = Type.Object(
  {
    apiVersion: Type.String({ description: 'backup.dbaas.io/v1alpha1' }),
    kind: Type.String({ description: 'RunnerConfig' }),
    backup: Type.Object({ name: Type.String({ description: 'DatabaseBackup name.' }), namespace: Type.String({ description: 'Its namespace.' }), uid: Type.String({ description: 'Its uid (owner of the report).' }) }, { description: 'The DatabaseBackup this runner serves.' }),
    engine: StringEnum(BACKUP_ENGINES, { description: 'Database engine.' }),
    target: Type.Object(
      {
        host: Type.String({ description: 'Host.' }),
        port: Type.Integer({ description: 'Port.' }),
        databases: Type.Array(Type.String({ description: 'Database.' }), { description: 'Databases; empty means all.' }),
        tls: StringEnum(['disable', 'prefer', 'require', 'verify-full'] as const, { description: 'TLS mode.' }),
        username: Optional(Type.String({ description: 'User name, when the credentials Secret holds only a password (then only the `password` file is mounted).' })),
      },
      { description: 'The database server. Credentials are files `username` and `password` under RUNNER_PATHS.targetCredentials.' },
    ),
    schedule: Type.String({ description: 'Interval or five-field cron.' }),
    timeZone: Type.String({ description: 'Time zone of a cron schedule.' }),
    suspend: Type.Boolean({ description: 'No scheduled backups.' }),
    timeoutSeconds: Type.Integer({ description: 'Per-run timeout.' }),
    retention: Type.Object(
      {
        maxAgeSeconds: Optional(Type.Integer({ description: 'Delete older backups unless kept.' })),
        keep: Optional(KeepSpec),
        minKeep: Type.Integer({ description: 'Never fewer successful backups than this.' }),
      },
      { description: 'Retention.' },
    ),
    verifySchedule: Optional(Type.String({ description: 'Interval or cron of restore verification.' })),
    storage: Type.Object(
      {
        compression: StringEnum(['zstd', 'gzip', 'none'] as const, { description: 'Compression.' }),
        encryption: Type.Boolean({ description: 'Encrypt with the key mounted as `encryption.ENCRYPTION_KEY`.' }),
        /** Every object of this DatabaseBackup lives under `<location prefix>/<pathPrefix>/`. */
        pathPrefix: Type.String({ description: 'Per-backup prefix: `<namespace>/<name>`.' }),
        locations: Type.Array(RunnerLocation, { description: 'Locations.', minItems: 1 }),
      },
      { description: 'Where backups go.' },
    ),
    report: Type.Object({ configMap: Type.String({ description: 'ConfigMap the runner writes its report into.' }) }, { description: 'Reporting.' }),
    lease: Type.Object({ name: Type.String({ description: 'coordination.k8s.io Lease that keeps one runner active at a time.' }) }, { description: 'Exclusivity.' }),
  },
  { description: 'Everything a runner needs, except credentials.' },
)
export type RunnerConfig = Static<typeof RunnerConfig>

export const RunnerReport = Type.Object(
  {
    lastBackup: Optional(Type.Intersect([BackupRecord, Type.Object({ ok: Type.Boolean({ description: 'Succeeded (at least one location complete and none unexpectedly missing).' }), error: Optional(Type.String({ description: 'Why it failed.' })) })])),
    lastSuccessfulTime: Optional(Type.String({ description: 'End of the newest successful backup.', format: 'date-time' })),
    lastFailure: Optional(Type.Object({ time: Type.String({ description: 'When.', format: 'date-time' }), error: Type.String({ description: 'Why.' }) })),
    consecutiveFailures: Type.Integer({ description: 'Failures since the last success.', minimum: 0 }),
    lastScheduledTime: Optional(Type.String({ description: 'Start of the newest scheduled run (success or not).', format: 'date-time' })),
    running: Optional(Type.Object({ id: Type.String({ description: 'Id.' }), action: StringEnum(['backup', 'restore', 'verify'] as const, { description: 'What.' }), startTime: Type.String({ description: 'Since.', format: 'date-time' }) })),
    stored: Type.Array(StoredBackups, { description: 'Per location.' }),
    lastVerification: Optional(Type.Object({ time: Type.String({ description: 'When.', format: 'date-time' }), backupId: Type.String({ description: 'Backup.' }), ok: Type.Boolean({ description: 'Passed.' }), message: Type.String({ description: 'Details.' }) })),
  },
  { description: 'What the runner tells the controller.' },
)
export type RunnerReport = Static<typeof RunnerReport>
