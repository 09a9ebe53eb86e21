/** `dbaas explain`: what each engine supports, and the versions the catalog knows. */
import { CAPABILITIES } from '../api/capabilities.js'
import { capabilityMatrix } from '../api/capability-matrix.js'
import { ENGINES, type Engine } from '../api/database-cluster.js'
import type { OperatorConfig } from '../providers/shared/context.js'
import { newestFirst } from '../providers/shared/versions.js'

export function explainEngine(engine: Engine, config: OperatorConfig): string {
  const c = CAPABILITIES[engine]
  const versions = newestFirst(Object.keys(config.images[engine]))
  const lines = [
    `${engine}: ${c.operator}`,
    `  versions:        ${versions.map((v, i) => (i === 0 ? `${v} (default)` : v)).join(', ')}`,
    `  clusterSize:     ${c.sizes.join(', ')} (${c.sizeRule})`,
    `  proxy:           ${c.proxies.length === 0 ? 'none' : c.proxies.join(', ')}`,
    `  backups:         ${c.backup ? `yes, retention by ${c.retention}${c.pointInTimeRecovery ? ', point-in-time recovery' : ''}` : 'no'}`,
    `  restore/clone:   ${c.restore ? 'yes (spec.dataSource)' : 'no'}`,
    `  stop/start:      ${c.stop ? 'yes' : 'no'}`,
    `  switchover:      ${c.switchover ? 'yes' : 'no'}`,
    `  monitoring:      ${c.monitoring}`,
    `  operations:      ${c.operations.join(', ')}`,
  ]
  return `${lines.join('\n')}\n`
}

export function explain(engine: string | undefined, config: OperatorConfig): string {
  if (engine === undefined) return capabilityMatrix()
  if (!(ENGINES as readonly string[]).includes(engine)) throw new Error(`unknown engine ${engine} (known: ${ENGINES.join(', ')})`)
  return explainEngine(engine as Engine, config)
}
