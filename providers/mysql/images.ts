/**
 * Images of the Percona XtraDB Cluster components per MySQL major version, as
 * operator 1.19.0 ships them (deploy/cr.yaml and e2e-tests/release_versions
 * at tag v1.19.0): XtraBackup matches the server's major version, the proxies
 * and the PMM client are shared.
 */
export interface PxcComponentImages {
  backup: string
  haproxy: string
  proxysql: string
  pmm: string
}

const SHARED = { haproxy: 'percona/haproxy:2.8.17', proxysql: 'percona/proxysql2:2.7.3-1.2', pmm: 'percona/pmm-client:3.5.0' }

const IMAGES: Record<string, PxcComponentImages> = {
  '8.4': { backup: 'percona/percona-xtrabackup:8.4.0-5.1', ...SHARED },
  '8.0': { backup: 'percona/percona-xtrabackup:8.0.35-34.1', ...SHARED },
}

/** `8.4` for `8.4`, `8.4.7` or `8.4.7-7.1`. */
export function majorOf(version: string): string {
  return version.split(/[.-]/).slice(0, 2).join('.')
}

/** The component images for a catalog version, or undefined when the operator ships none for its major version. */
export function componentImages(version: string): PxcComponentImages | undefined {
  return IMAGES[majorOf(version)]
}

export function knownMajors(): string[] {
  return Object.keys(IMAGES)
}
