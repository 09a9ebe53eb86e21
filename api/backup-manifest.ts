/**
 * The manifest of one stored backup (`<pathPrefix>/<id>/manifest.json`). The
 * runner writes it last, after the data object is complete on a location, so
 * a backup is complete exactly when its manifest is there. It describes the
 * data object well enough to check and restore it without anything else:
 * what made it, when, its size and SHA-256, and how it is encoded.
 */
import Type, { type Static } from 'typebox'
import { BACKUP_ENGINES } from './database-backup.js'
import { StringEnum } from './k8s-schema.js'
import { parserFor } from './validate.js'

export const MANIFEST_API_VERSION = 'backup.dbaas.io/v1alpha1'
export const MANIFEST_KIND = 'BackupManifest'

/**
 * The data object's layout: a stream of framed parts (one per database, plus
 * the global objects), each in its engine's own dump format; see
 * runner/pipeline/frames.ts. Compression and encryption wrap the whole stream.
 */
export const DATA_FORMAT_FRAMES_V1 = 'dbaas-frames/v1'

/** `YYYYMMDDTHHMMSSZ`, the UTC start time (providers/backup/backup-id.ts checks the calendar). */
export const BACKUP_ID_PATTERN = '^[0-9]{8}T[0-9]{6}Z$'
export const SHA256_HEX_PATTERN = '^[0-9a-f]{64}$'

export const COMPRESSIONS = ['zstd', 'gzip', 'none'] as const

export const ManifestDatabase = Type.Object(
  {
    name: Type.String({ description: 'Database name.', minLength: 1, maxLength: 128 }),
    tables: Type.Integer({ description: 'Tables (collections for MongoDB) the database had when dumped; verification compares them.', minimum: 0 }),
  },
  { description: 'One database in the backup.' },
)
export type ManifestDatabase = Static<typeof ManifestDatabase>

export const BackupManifest = Type.Object(
  {
    apiVersion: StringEnum([MANIFEST_API_VERSION] as const, { description: 'Version of the manifest format.' }),
    kind: StringEnum([MANIFEST_KIND] as const, { description: 'Always BackupManifest.' }),
    id: Type.String({ description: 'Backup id: the UTC start time, `20260101T020000Z`.', pattern: BACKUP_ID_PATTERN }),
    engine: StringEnum(BACKUP_ENGINES, { description: 'Database engine dumped.' }),
    engineVersion: Type.String({ description: 'Server version reported by the database.', maxLength: 256 }),
    runnerVersion: Type.String({ description: 'Version of the runner that wrote the backup.', minLength: 1, maxLength: 64 }),
    format: Type.String({ description: `Layout of the data object; \`${DATA_FORMAT_FRAMES_V1}\` is the only one so far.`, default: DATA_FORMAT_FRAMES_V1, minLength: 1, maxLength: 64 }),
    startTime: Type.String({ description: 'When the dump started (the state a snapshot dump shows).', format: 'date-time' }),
    endTime: Type.String({ description: 'When the data was completely stored.', format: 'date-time' }),
    size: Type.Integer({ description: 'Bytes of the data object as stored (after compression and encryption).', minimum: 0 }),
    checksum: Type.String({ description: 'SHA-256 of the data object as stored, lowercase hex.', pattern: SHA256_HEX_PATTERN }),
    compression: StringEnum(COMPRESSIONS, { description: 'Compression of the stream.' }),
    encrypted: Type.Boolean({ description: 'The stream is encrypted with the storage class\'s key.' }),
    dataKey: Type.String({ description: 'Key of the data object, `<pathPrefix>/<id>/data.<ext>`.', minLength: 1, maxLength: 1024 }),
    databases: Type.Array(ManifestDatabase, { description: 'Databases in the backup.', maxItems: 4096 }),
  },
  { description: 'What one stored backup holds and how to read it.' },
)
export type BackupManifest = Static<typeof BackupManifest>

/** Parses a manifest (already decoded from JSON): defaults (`format`), then validation. */
export const parseBackupManifest = parserFor<BackupManifest>(BackupManifest)
