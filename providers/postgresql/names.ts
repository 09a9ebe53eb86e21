/**
 * Names of the PostgreSQL children. The CloudNativePG Cluster takes the
 * DatabaseCluster's own name, so its Services (`<name>-rw`), pods
 * (`<name>-1`) and Secrets (`<name>-app`) read naturally.
 */
import { childName } from '../shared/names.js'

export const pgNames = {
  cluster: (c: string) => c,
  pooler: (c: string) => childName(c, 'pooler'),
  podMonitor: (c: string) => c,
  poolerPodMonitor: (c: string) => childName(c, 'pooler'),
  objectStore: (c: string) => childName(c, 'backup'),
  backupCredentials: (c: string) => childName(c, 'backup-credentials'),
  restoreSource: (c: string) => childName(c, 'restore-source'),
  restoreCredentials: (c: string) => childName(c, 'restore-credentials'),
  scheduledBackup: (c: string, schedule: string) => childName(c, schedule),
  externalService: (c: string) => childName(c, 'external'),
  appSecret: (c: string) => `${c}-app`,
  service: (c: string, role: 'rw' | 'ro' | 'r') => `${c}-${role}`,
}
