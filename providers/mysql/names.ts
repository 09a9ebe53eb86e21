/** Names of the MySQL children and of what the Percona operator creates from them. */
import { childName } from '../shared/names.js'

export const mysqlNames = {
  cluster: (c: string) => c,
  secrets: (c: string) => childName(c, 'secrets'),
  backupCredentials: (c: string) => childName(c, 'backup-credentials'),
  restore: (c: string) => childName(c, 'restore'),
  haproxy: (c: string) => `${c}-haproxy`,
  haproxyReplicas: (c: string) => `${c}-haproxy-replicas`,
  proxysql: (c: string) => `${c}-proxysql`,
  pxc: (c: string) => `${c}-pxc`,
}
