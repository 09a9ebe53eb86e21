/**
 * `config` parameters as mongod.conf: dotted names become nested YAML
 * (`operationProfiling.slowOpThresholdMs: 200`). Values that read as numbers
 * or booleans are written as such, since mongod checks types; everything else
 * stays a string.
 */
import { stringify } from 'yaml'
import type { ConfigParameter } from '../../api/database-cluster.js'

function typed(value: string): string | number | boolean {
  if (value === 'true') return true
  if (value === 'false') return false
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value)
  return value
}

export function mongodConf(params: readonly ConfigParameter[]): string | undefined {
  if (params.length === 0) return undefined
  const root: Record<string, unknown> = {}
  for (const p of params) {
    const path = p.name.split('.')
    let node = root
    for (const key of path.slice(0, -1)) {
      const next = node[key]
      node = typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : (node[key] = {})
    }
    node[path[path.length - 1] ?? p.name] = typed(p.value)
  }
  return stringify(root, { lineWidth: 0 })
}
