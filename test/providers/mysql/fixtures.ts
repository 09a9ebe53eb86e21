/**
 * MySQL test fixtures: specs, related objects, what the Percona XtraDB
 * Cluster operator 1.19 writes into the status of its objects
 * (child-operators.md §3c, pxc_types.go, pxc_backup_types.go), and the
 * operator-side checks that the CRD schema does not express, re-implemented
 * from the operator's sources (operator-checks.ts).
 */
import type { KObject } from '../../../providers/shared/kube.js'
import { applyChild } from '../../support/metacontroller.js'
import { S3_CLASS, S3_SECRET, databaseCluster, sync } from '../../support/clusters.js'

type Obj = Record<string, any>

export const SPEC = { engine: 'mysql', clusterSize: 3, storage: '20Gi', config: [{ name: 'max_connections', value: '500' }] }
export const BACKUP = { storageClassName: 's3-default', schedules: [{ name: 'nightly', schedule: '0 2 * * *', retentionCopies: 7 }, { name: 'weekly', schedule: '0 3 * * 0', enabled: false }] }
export const RELATED = [S3_CLASS, S3_SECRET]

export function spec(extra: Obj = {}): Obj {
  return { ...SPEC, ...extra }
}

/** A PerconaXtraDBClusterBackup as the operator leaves it. */
export function pxcBackup(name: string, cluster: string, state: string, completed: string | undefined, status: Obj = {}, namespace = 'team-a'): KObject {
  return {
    apiVersion: 'pxc.percona.com/v1',
    kind: 'PerconaXtraDBClusterBackup',
    metadata: { name, namespace, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { pxcCluster: cluster, storageName: 'primary' },
    status: {
      state,
      ...(completed === undefined ? {} : { completed }),
      storageName: 'primary',
      storage_type: 's3',
      destination: `s3://db-backups/prod/${namespace}/${cluster}/${cluster}-${completed ?? 'x'}-full`,
      s3: { bucket: `db-backups/prod/${namespace}/${cluster}`, region: 'eu-central-1', endpointUrl: 'https://s3.eu-central-1.amazonaws.com', credentialsSecret: `${cluster}-backup-credentials` },
      verifyTLS: true,
      ...status,
    },
  }
}

/** The operator's status for a cluster it has brought up: every node and proxy ready. */
function proxyOf(s: Obj): 'haproxy' | 'proxysql' | undefined {
  if (s.haproxy?.enabled === true) return 'haproxy'
  return s.proxysql?.enabled === true ? 'proxysql' : undefined
}

export function pxcStatus(pxc: KObject, overrides: Obj = {}): Obj {
  const s = pxc.spec as Obj
  const paused = s.pause === true
  const proxy = proxyOf(s)
  const nodes = paused ? 0 : (s.pxc.size as number)
  const proxies = proxy === undefined || paused ? 0 : (s[proxy].size as number)
  return {
    observedGeneration: 1,
    state: paused ? 'paused' : 'ready',
    host: `${pxc.metadata.name}-${proxy ?? 'pxc'}.${pxc.metadata.namespace ?? ''}`,
    pxc: { size: nodes, ready: nodes, status: paused ? 'paused' : 'ready', version: '8.4.7-7.1', image: s.pxc.image },
    ...(proxy === undefined ? {} : { [proxy]: { size: proxies, ready: proxies, status: 'ready' } }),
    size: nodes + proxies,
    ready: nodes + proxies,
    conditions: [
      { type: 'initializing', status: 'True', lastTransitionTime: '2026-01-01T00:01:00Z' },
      { type: 'ready', status: 'True', lastTransitionTime: '2026-01-01T00:05:00Z' },
    ],
    ...overrides,
  }
}

export function healthy(child: KObject): Obj | undefined {
  return child.kind === 'PerconaXtraDBCluster' ? pxcStatus(child) : undefined
}

/** The children of `parent` as the API server holds them after one sync, with statuses from `statusOf`. */
export function applied(parent: KObject, related: KObject[] = [], statusOf: (child: KObject) => Obj | undefined = healthy): KObject[] {
  return sync(parent, [], related).children.map((c, i) => applyChild(c, parent, statusOf(c), i + 1))
}

export { pxcProblems } from './operator-checks.js'

export function parent(name: string, extra: Obj = {}, options: Parameters<typeof databaseCluster>[2] = {}): KObject {
  return databaseCluster(name, spec(extra), options)
}
