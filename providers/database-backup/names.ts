/** Names of a DatabaseBackup's children. */
import { childName } from '../shared/names.js'

export const backupNames = {
  runner: (b: string) => childName(b, 'runner'),
  config: (b: string) => childName(b, 'runner-config'),
  report: (b: string) => childName(b, 'runner-report'),
  storageSecret: (b: string) => childName(b, 'runner-storage'),
  metrics: (b: string) => childName(b, 'runner-metrics'),
  lease: (b: string) => childName(b, 'runner-lock'),
}
