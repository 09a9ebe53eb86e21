/**
 * Names of the MySQL children and of what the Percona operator creates from
 * them. The operator refuses a PerconaXtraDBCluster whose name is longer than
 * 22 characters (pxc_types.go, clusterNameMaxLen), so a longer DatabaseCluster
 * name is cut and ends with a hash of the full name; every other name (pods
 * `<pxc>-pxc-0`, Services `<pxc>-haproxy`) follows from that one.
 */
import { childName } from '../shared/names.js'

export const PXC_NAME_MAX = 22

export const mysqlNames = {
  /** The PerconaXtraDBCluster: the DatabaseCluster's name when it fits. */
  pxc: (c: string) => childName(c, '', PXC_NAME_MAX),
  /** System users (`root`, `xtrabackup`, `monitor`, …, and `pmmservertoken` for PMM). */
  secrets: (c: string) => childName(c, 'secrets'),
  backupCredentials: (c: string) => childName(c, 'backup-credentials'),
  restoreCredentials: (c: string) => childName(c, 'restore-credentials'),
  restore: (c: string) => childName(c, 'restore'),
  /** Services the operator creates, by PerconaXtraDBCluster name. */
  haproxy: (pxc: string) => `${pxc}-haproxy`,
  haproxyReplicas: (pxc: string) => `${pxc}-haproxy-replicas`,
  proxysql: (pxc: string) => `${pxc}-proxysql`,
  nodes: (pxc: string) => `${pxc}-pxc`,
}
