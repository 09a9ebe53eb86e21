/**
 * DatabaseBackupStorageClass (backup.dbaas.io/v1alpha1, cluster-scoped): where backups go.
 *
 * Credentials are only ever referenced (never inline). A referenced Secret must
 * carry the label `backup.dbaas.io/credentials: "true"`, which is how an
 * administrator allows the controller to copy it into the namespaces of the
 * databases that use the class.
 */
import Type, { type Static } from 'typebox'
import { ConditionList, DNS_LABEL_PATTERN, NamespacedSecretRef, StringEnum } from './k8s-schema.js'

/** Label an administrator puts on a Secret to let the controller copy it into database namespaces. */
export const CREDENTIALS_LABEL = 'backup.dbaas.io/credentials'

/** Secret keys per location type: fixed names, documented in the CRD, checked in status. */
export const S3_KEYS = { accessKeyId: 'AWS_ACCESS_KEY_ID', secretAccessKey: 'AWS_SECRET_ACCESS_KEY', sessionToken: 'AWS_SESSION_TOKEN', ca: 'ca.crt' } as const
export const GCS_KEYS = { credentials: 'GOOGLE_APPLICATION_CREDENTIALS_JSON' } as const
export const ENCRYPTION_KEYS = { key: 'ENCRYPTION_KEY' } as const

export const S3Location = Type.Object(
  {
    bucket: Type.String({ description: 'Bucket name.', minLength: 3, maxLength: 63 }),
    prefix: Type.Optional(Type.String({ description: 'Key prefix inside the bucket (no leading slash).', maxLength: 512, pattern: '^[^/].*$' })),
    region: Type.Optional(Type.String({ description: 'Region (`eu-central-1`).', maxLength: 64 })),
    endpoint: Type.Optional(Type.String({ description: 'Endpoint URL for S3-compatible stores (`https://minio.storage:9000`). Empty means AWS.', maxLength: 2048, pattern: '^https?://' })),
    forcePathStyle: Type.Boolean({ description: 'Address the bucket as a path (`endpoint/bucket/key`), as most S3-compatible stores need.', default: false }),
    insecureSkipTLSVerify: Type.Boolean({ description: 'Do not verify the endpoint\'s TLS certificate. Prefer a CA in the credentials Secret under `ca.crt`.', default: false }),
    credentialsSecretRef: Type.Optional(NamespacedSecretRef),
  },
  { description: `An S3-compatible bucket. The credentials Secret holds \`${S3_KEYS.accessKeyId}\` and \`${S3_KEYS.secretAccessKey}\` (optionally \`${S3_KEYS.sessionToken}\` and \`${S3_KEYS.ca}\`). Without it, the workload's own identity (IAM role) is used.` },
)
export type S3Location = Static<typeof S3Location>

export const GcsLocation = Type.Object(
  {
    bucket: Type.String({ description: 'Bucket name.', minLength: 3, maxLength: 222 }),
    prefix: Type.Optional(Type.String({ description: 'Object name prefix (no leading slash).', maxLength: 512, pattern: '^[^/].*$' })),
    credentialsSecretRef: Type.Optional(NamespacedSecretRef),
  },
  { description: `A Google Cloud Storage bucket. The credentials Secret holds a service account key under \`${GCS_KEYS.credentials}\`. Without it, workload identity is used.` },
)
export type GcsLocation = Static<typeof GcsLocation>

export const FilesystemLocation = Type.Object(
  {
    claimName: Type.String({ description: 'PersistentVolumeClaim, in the database\'s namespace, that holds the backups.', pattern: DNS_LABEL_PATTERN, maxLength: 63 }),
    path: Type.String({ description: 'Directory inside the volume.', default: '/', maxLength: 1024, pattern: '^/' }),
  },
  { description: 'A directory on a volume. Used by the backup runner; engine operators cannot write there.' },
)
export type FilesystemLocation = Static<typeof FilesystemLocation>

export const StorageLocation = Type.Object(
  {
    name: Type.String({ description: 'Location name, unique in the class.', pattern: DNS_LABEL_PATTERN, maxLength: 63 }),
    s3: Type.Optional(S3Location),
    gcs: Type.Optional(GcsLocation),
    filesystem: Type.Optional(FilesystemLocation),
  },
  {
    description: 'One place backups are written to. Set exactly one of s3, gcs and filesystem.',
    'x-kubernetes-validations': [
      { rule: '[has(self.s3), has(self.gcs), has(self.filesystem)].filter(x, x).size() == 1', message: 'set exactly one of s3, gcs and filesystem' },
    ],
  },
)
export type StorageLocation = Static<typeof StorageLocation>

export const DatabaseBackupStorageClassSpec = Type.Object(
  {
    locations: Type.Array(StorageLocation, { description: 'Where backups are written; the backup runner writes every backup to all of them.', minItems: 1, maxItems: 8, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] }),
    compression: StringEnum(['zstd', 'gzip', 'none'] as const, { description: 'Compression of backup data.', default: 'gzip' }),
    encryptionKeySecretRef: Type.Optional(NamespacedSecretRef),
  },
  { description: `Backup storage. \`encryptionKeySecretRef\` names a Secret whose \`${ENCRYPTION_KEYS.key}\` encrypts backups on the client side.` },
)
export type DatabaseBackupStorageClassSpec = Static<typeof DatabaseBackupStorageClassSpec>

export const DatabaseBackupStorageClassStatus = Type.Object(
  {
    observedGeneration: Type.Optional(Type.Integer({ description: 'The generation this status was computed from.' })),
    conditions: Type.Optional(ConditionList('Ready: every referenced Secret exists, carries the credentials label and has its keys.')),
    usedBy: Type.Optional(Type.Integer({ description: 'Number of DatabaseClusters and DatabaseBackups that use this class.', minimum: 0 })),
  },
  { description: 'Whether the class is usable.' },
)
export type DatabaseBackupStorageClassStatus = Static<typeof DatabaseBackupStorageClassStatus>

export type LocationType = 's3' | 'gcs' | 'filesystem'

export function locationType(location: StorageLocation): LocationType {
  if (location.s3 !== undefined) return 's3'
  if (location.gcs !== undefined) return 'gcs'
  return 'filesystem'
}

/** A location with the stated name, or undefined. */
export function findLocation(spec: DatabaseBackupStorageClassSpec, name: string): StorageLocation | undefined {
  return spec.locations.find((l) => l.name === name)
}

