/**
 * Images of the Percona XtraDB Cluster components, per MySQL major version:
 * the operator runs each with the database version it matches
 * (child-operators.md §3a, Percona's release notes for operator 1.19.0).
 */
export interface PxcComponentImages {
  backup: string
  haproxy: string
  proxysql: string
  pmm: string
}

const IMAGES: Record<string, PxcComponentImages> = {
  '8.4': { backup: 'percona/percona-xtrabackup:8.4.0-5.1', haproxy: 'percona/haproxy:2.8.17', proxysql: 'percona/proxysql2:2.7.3-1', pmm: 'percona/pmm-client:3.5.0' },
  '8.0': { backup: 'percona/percona-xtrabackup:8.0.35-34.1', haproxy: 'percona/haproxy:2.8.17', proxysql: 'percona/proxysql2:2.7.3-1', pmm: 'percona/pmm-client:3.5.0' },
}

export function componentImages(version: string): PxcComponentImages {
  const major = version.split('.').slice(0, 2).join('.')
  return IMAGES[major] ?? (IMAGES['8.4'] as PxcComponentImages)
}
