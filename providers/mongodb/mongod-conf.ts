/**
 * `config` parameters as a mongod.conf (or mongos.conf) YAML document: each
 * dotted name is a path in the file (`operationProfiling.slowOpThresholdMs`
 * → `operationProfiling: {slowOpThresholdMs: …}`), in the order given.
 *
 * Values are strings in the API. mongod checks option types, so a value is
 * written as a YAML boolean when it is exactly `true` or `false`, as a number
 * when it is a plain decimal numeral (`200`, `0.5`, `-1`; no leading zeros,
 * no exponent, integers within 2^53), and as a string otherwise (`slowOp`,
 * `007`, `1e3`, `"0x10"`).
 */
import { stringify } from 'yaml'
import type { ConfigParameter } from '../../api/database-cluster.js'
import type { SpecProblem } from '../database-cluster/engine-provider.js'

/** Options the operator sets on the command line or owns; a value in the file would be ignored or rejected. */
const MANAGED: Record<string, string> = {
  'net.port': 'the endpoints are on port 27017',
  'net.bindIp': 'the operator binds to all interfaces (--bind_ip_all)',
  'net.bindIpAll': 'the operator binds to all interfaces (--bind_ip_all)',
  'net.tls.mode': 'TLS is configured by the operator (spec.tls.mode); it rejects net.tls.mode in the configuration',
  'replication.replSetName': 'the operator names the replica set (rs0)',
  'sharding.clusterRole': 'the operator sets the role of each replica set',
  'sharding.configDB': 'the operator points mongos at its config servers',
  'storage.dbPath': 'the data directory is the operator\'s volume',
  'storage.engine': 'the operator sets the storage engine (wiredTiger)',
  'security.keyFile': 'the operator manages internal authentication',
  'security.clusterAuthMode': 'the operator manages internal authentication',
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/

export function typedValue(value: string): string | number | boolean {
  if (value === 'true') return true
  if (value === 'false') return false
  if (!NUMBER.test(value)) return value
  const n = Number(value)
  return value.includes('.') || Number.isSafeInteger(n) ? n : value
}

function nameProblem(name: string, names: readonly string[]): string | undefined {
  if (name.split('.').some((segment) => segment.trim() === '')) return `${name} is not a dotted option path`
  const managed = MANAGED[name]
  if (managed !== undefined) return `${name}: ${managed}`
  if (names.filter((n) => n === name).length > 1) return `${name} is set twice`
  const nested = names.find((n) => n.startsWith(`${name}.`))
  if (nested !== undefined) return `${name} is a value and also the section of ${nested}`
  return undefined
}

/** Problems with a parameter list, naming the field (`config`, `proxy.config`). */
export function confProblems(params: readonly ConfigParameter[] | undefined, fieldName: string): SpecProblem[] {
  const names = (params ?? []).map((p) => p.name)
  const found = [...new Set(names.map((n) => nameProblem(n, names)).filter((m): m is string => m !== undefined))]
  if (found.length === 0) return []
  return [{ reason: 'InvalidParameter', message: `${fieldName}: ${found.join('; ')}` }]
}

/** The YAML document, or undefined when there is nothing to write. Expects a list confProblems accepted. */
export function mongoConf(params: readonly ConfigParameter[] | undefined): string | undefined {
  if (params === undefined || params.length === 0) return undefined
  const root: Record<string, unknown> = {}
  for (const p of params) {
    const path = p.name.split('.')
    const leaf = path.pop() ?? p.name
    let node = root
    for (const key of path) {
      const next = node[key]
      if (typeof next === 'object' && next !== null) node = next as Record<string, unknown>
      else node = node[key] = {}
    }
    node[leaf] = typedValue(p.value)
  }
  return stringify(root, { lineWidth: 0 })
}
