/** The manifest written last next to a backup's data: what makes a backup complete. */
export interface Manifest {
  apiVersion: 'backup.dbaas.io/v1alpha1'
  kind: 'BackupManifest'
  id: string
  engine: string
  engineVersion: string
  runnerVersion: string
  startTime: string
  endTime: string
  /** Bytes stored (after compression and encryption). */
  size: number
  /** SHA-256 of the stored bytes, hex. */
  checksum: string
  compression: 'zstd' | 'gzip' | 'none'
  encrypted: boolean
  dataKey: string
  databases: { name: string; tables: number }[]
  ok: true
}

export function parseManifest(text: string): Manifest {
  const m = JSON.parse(text) as Partial<Manifest>
  if (m.kind !== 'BackupManifest' || typeof m.id !== 'string' || typeof m.checksum !== 'string' || typeof m.dataKey !== 'string') throw new Error('not a backup manifest')
  return m as Manifest
}
