/**
 * `config` as my.cnf text for `spec.pxc.configuration`: a `[mysqld]` section,
 * one `name=value` line per parameter, in the order given. MySQL treats `-`
 * and `_` in option names alike. The operator's entrypoint writes some options
 * per node (build/pxc-configure-pxc.sh at v1.19.0: node addresses, cluster
 * address and name, SST donor and credentials, server id, admin port, TLS of
 * the cluster traffic); the user's file is read after it, so overriding them
 * breaks the cluster. Those are refused, naming the parameter.
 */
import type { ConfigParameter } from '../../api/database-cluster.js'
import type { SpecProblem } from '../database-cluster/engine-provider.js'

const FIXED = new Set([
  'admin_address', 'admin_port', 'datadir', 'extra_max_connections', 'extra_port', 'port', 'pxc_encrypt_cluster_traffic', 'server_id', 'socket',
  'ssl_ca', 'ssl_cert', 'ssl_key', 'wsrep_cluster_address', 'wsrep_cluster_name', 'wsrep_node_address', 'wsrep_node_incoming_address',
  'wsrep_provider', 'wsrep_sst_auth', 'wsrep_sst_donor',
])

/** An option name as my.cnf accepts it (no `=`, spaces, brackets or line breaks). */
const NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/

export function canonicalName(name: string): string {
  return name.toLowerCase().replace(/-/g, '_')
}

export function parameterProblems(params: readonly ConfigParameter[]): SpecProblem[] {
  const problems: SpecProblem[] = []
  const malformed = params.filter((p) => !NAME.test(p.name) || /[\r\n]/.test(p.value)).map((p) => JSON.stringify(p.name))
  if (malformed.length > 0) {
    problems.push({ reason: 'InvalidParameter', message: `config ${malformed.join(', ')}: a my.cnf option name is letters, digits, _, - and . only, and a value is one line` })
  }
  const fixed = params.map((p) => p.name).filter((n) => FIXED.has(canonicalName(n)))
  if (fixed.length > 0) {
    problems.push({ reason: 'FixedParameter', message: `the Percona operator sets ${fixed.join(', ')} on every node itself; remove them from config` })
  }
  return problems
}

export function myCnf(params: readonly ConfigParameter[]): string | undefined {
  if (params.length === 0) return undefined
  return `[mysqld]\n${params.map((p) => `${p.name}=${p.value}`).join('\n')}\n`
}
