/**
 * What the Percona XtraDB Cluster operator 1.19 refuses and the CRD schema
 * does not express, re-implemented from its sources as test assertions:
 * pxc_types.go (Validate, checkSafeDefaults, clusterNameMaxLen), the binlog
 * collector's Secret keys (binlog-collector.go), and pxc_prestore_types.go
 * (CheckNsetDefaults) plus the PITR date format the restore job parses.
 */
import type { KObject } from '../../../providers/shared/kube.js'

type Obj = Record<string, any>
type Rule = [(s: Obj, unsafe: Obj, name: string) => boolean, string]

const SAFE_SIZES = [3, 5]
const PITR_DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/
const on = (s: Obj, key: string) => s[key]?.enabled === true
const checked = (s: Obj) => s.pause !== true

function proxyRules(key: 'haproxy' | 'proxysql'): Rule[] {
  return [
    [(s) => on(s, key) && typeof s[key].image !== 'string', `${key}.Image can't be empty`],
    [(s, unsafe) => on(s, key) && checked(s) && unsafe.proxySize !== true && s[key].size < 2, `${key} size must be at least 2 unless spec.unsafeFlags.proxySize`],
  ]
}

const CLUSTER_RULES: Rule[] = [
  [(_s, _u, name) => name.length > 22, 'cluster name too long, must be no more than 22 characters'],
  [(s) => s.crVersion !== '1.19.0', 'crVersion must be 1.19.0'],
  [(s) => typeof s.pxc?.image !== 'string' || s.pxc.image === '', "pxc.Image can't be empty"],
  [(s) => s.pxc?.volumeSpec === undefined, 'PXC: volumeSpec should be specified'],
  [(s, unsafe) => checked(s) && unsafe.pxcSize !== true && !SAFE_SIZES.includes(s.pxc?.size), 'PXC size must be 3 or 5 unless spec.unsafeFlags.pxcSize'],
  [(s) => on(s, 'haproxy') && on(s, 'proxysql'), "can't enable both HAProxy and ProxySQL"],
  ...proxyRules('haproxy'),
  ...proxyRules('proxysql'),
  [(s) => on(s, 'proxysql') && s.proxysql.volumeSpec === undefined, 'ProxySQL: volumeSpec should be specified'],
  [(s) => (s.updateStrategy ?? 'SmartUpdate') === 'SmartUpdate' && !on(s, 'haproxy') && !on(s, 'proxysql'), 'ProxySQL or HAProxy should be enabled if SmartUpdate set'],
  [(s, unsafe) => s.tls?.enabled === false && unsafe.tls !== true, 'TLS must be enabled unless spec.unsafeFlags.tls'],
  [(s) => on(s, 'pmm') && typeof s.pmm.image !== 'string', "pmm.Image can't be empty"],
]

const BACKUP_RULES: [(b: Obj) => boolean, (b: Obj) => string][] = [
  [(b) => typeof b.image !== 'string' || b.image === '', () => "backup.Image can't be empty"],
  [(b) => b.pitr?.enabled === true && b.storages?.[b.pitr.storageName] === undefined, (b) => `pitr storage ${String(b.pitr.storageName)} doesn't exist`],
  [(b) => b.pitr?.enabled === true && b.storages?.[b.pitr.storageName]?.s3?.credentialsSecret === undefined, () => 'the binlog collector reads its keys from s3.credentialsSecret'],
]

function scheduleProblems(b: Obj): string[] {
  return (b.schedule ?? []).flatMap((sch: Obj) => [
    ...(b.storages?.[sch.storageName] === undefined ? [`storage ${String(sch.storageName)} doesn't exist`] : []),
    ...(String(sch.schedule).trim().split(/\s+/).length === 5 ? [] : [`schedule ${String(sch.name)} is not a five-field cron`]),
  ])
}

function clusterProblems(pxc: KObject): string[] {
  const s = pxc.spec as Obj
  const cluster = CLUSTER_RULES.filter(([broken]) => broken(s, s.unsafeFlags ?? {}, pxc.metadata.name)).map(([, message]) => message)
  const b = s.backup as Obj | undefined
  if (b === undefined) return cluster
  return [...cluster, ...BACKUP_RULES.filter(([broken]) => broken(b)).map(([, message]) => message(b)), ...scheduleProblems(b)]
}

const RESTORE_RULES: [(s: Obj) => boolean, (s: Obj) => string][] = [
  [(s) => typeof s.pxcCluster !== 'string' || s.pxcCluster === '', () => "pxcCluster can't be empty"],
  [(s) => (s.backupName === undefined) === (s.backupSource === undefined), () => 'exactly one of backupName and backupSource'],
  [(s) => s.backupSource !== undefined && !String(s.backupSource.destination ?? '').startsWith('s3://'), () => 'backupSource.destination must be an s3:// folder'],
  [(s) => s.pitr !== undefined && ['storageName', 's3', 'azure'].every((k) => s.pitr.backupSource?.[k] === undefined), () => 'PITR.BackupSource needs storageName, s3 or azure'],
  [(s) => s.pitr?.type === 'date' && !PITR_DATE.test(String(s.pitr.date)), (s) => `pitr.date ${String(s.pitr.date)} is not YYYY-MM-DD hh:mm:ss`],
]

function restoreProblems(restore: KObject): string[] {
  const s = restore.spec as Obj
  return RESTORE_RULES.filter(([broken]) => broken(s)).map(([, message]) => message(s))
}

/** Everything the operator would refuse in these children. */
export function pxcProblems(children: readonly KObject[]): string[] {
  return children.flatMap((c) => {
    if (c.kind === 'PerconaXtraDBCluster') return clusterProblems(c)
    return c.kind === 'PerconaXtraDBClusterRestore' ? restoreProblems(c) : []
  })
}
