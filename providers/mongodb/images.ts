/**
 * Images of the components the operator runs next to mongod, as certified
 * for operator 1.22.0 (e2e-tests/release_versions at the v1.22.0 tag): the
 * PBM agent for backups and the PMM 3 client for monitoring.
 */
export const PBM_IMAGE = 'percona/percona-backup-mongodb:2.12.0'
export const PMM_CLIENT_IMAGE = 'percona/pmm-client:3.6.0'
