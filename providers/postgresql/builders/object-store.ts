/**
 * ObjectStore (barman-cloud plugin): where a PostgreSQL cluster archives WAL
 * and writes base backups. Backups are stored per namespace, then per server
 * name, so two clusters of the same name in different namespaces never mix.
 */
import { GCS_KEYS, S3_KEYS, type StorageLocation } from '../../../api/backup-storage-class.js'
import type { KObject } from '../../shared/kube.js'
import { BARMAN_API } from '../child-types.js'

/** Key of the copied Secret that carries the bucket's region (barman-cloud reads it from a Secret). */
export const REGION_KEY = 'AWS_REGION'

export interface ObjectStoreInput {
  name: string
  namespace: string
  labels: Record<string, string>
  location: StorageLocation
  /** Namespace segment of the destination path. */
  pathNamespace: string
  /** Secret with the copied credentials, or undefined to use the workload identity. */
  credentialsSecret: string | undefined
  /** Keys present in the credentials Secret. */
  credentialKeys: readonly string[]
  retentionPolicy?: string
}

function join(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined && p !== '').map((p) => p.replace(/^\/+|\/+$/g, '')).join('/')
}

function s3Configuration(input: ObjectStoreInput, s3: NonNullable<StorageLocation['s3']>): Record<string, unknown> {
  const secret = input.credentialsSecret
  const has = (key: string) => secret !== undefined && input.credentialKeys.includes(key)
  const ref = (key: string) => ({ name: secret, key })
  const credentials: Record<string, unknown> = {
    ...(has(S3_KEYS.accessKeyId)
      ? { accessKeyId: ref(S3_KEYS.accessKeyId), secretAccessKey: ref(S3_KEYS.secretAccessKey) }
      : { inheritFromIAMRole: true }),
    ...(has(S3_KEYS.sessionToken) ? { sessionToken: ref(S3_KEYS.sessionToken) } : {}),
    ...(has(REGION_KEY) ? { region: ref(REGION_KEY) } : {}),
  }
  return {
    destinationPath: `s3://${join(s3.bucket, s3.prefix, input.pathNamespace)}/`,
    ...(s3.endpoint === undefined ? {} : { endpointURL: s3.endpoint }),
    ...(has(S3_KEYS.ca) ? { endpointCA: ref(S3_KEYS.ca) } : {}),
    s3Credentials: credentials,
  }
}

function gcsConfiguration(input: ObjectStoreInput, gcs: NonNullable<StorageLocation['gcs']>): Record<string, unknown> {
  const secret = input.credentialsSecret
  return {
    destinationPath: `gs://${join(gcs.bucket, gcs.prefix, input.pathNamespace)}/`,
    googleCredentials: secret === undefined ? { gkeEnvironment: true } : { applicationCredentials: { name: secret, key: GCS_KEYS.credentials } },
  }
}

export function buildObjectStore(input: ObjectStoreInput): KObject {
  const { location } = input
  const target = location.s3 !== undefined ? s3Configuration(input, location.s3) : location.gcs !== undefined ? gcsConfiguration(input, location.gcs) : undefined
  if (target === undefined) throw new Error(`location ${location.name} is not an object store`)
  return {
    apiVersion: BARMAN_API,
    kind: 'ObjectStore',
    metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
    spec: {
      ...(input.retentionPolicy === undefined ? {} : { retentionPolicy: input.retentionPolicy }),
      configuration: {
        ...target,
        wal: { compression: 'gzip', maxParallel: 4 },
        data: { compression: 'gzip', jobs: 2 },
      },
    },
  }
}
