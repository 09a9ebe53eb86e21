/** Names of the MongoDB children and of what the Percona operator creates from them. */
import { childName } from '../shared/names.js'

export const REPLSET = 'rs0'

export const mongoNames = {
  cluster: (c: string) => c,
  /** Per-cluster system users Secret: the operator's default name is shared by every cluster of a namespace. */
  users: (c: string) => childName(c, 'users'),
  backupCredentials: (c: string) => childName(c, 'backup-credentials'),
  restore: (c: string) => childName(c, 'restore'),
  replset: (c: string) => `${c}-${REPLSET}`,
  mongos: (c: string) => `${c}-mongos`,
}

export const COMPONENT_IMAGES = { backup: 'percona/percona-backup-mongodb:2.12.0', pmm: 'percona/pmm-client:3.6.0' }
