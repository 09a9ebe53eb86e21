/** The capability table as a Markdown matrix, for the README and `dbaas explain`. */
import { CAPABILITIES, OPS_TYPES } from './capabilities.js'
import { ENGINES } from './database-cluster.js'

const yes = (value: boolean) => (value ? 'yes' : 'no')

function row(label: string, cells: string[]): string {
  return `| ${label} | ${cells.join(' | ')} |`
}

export function capabilityMatrix(): string {
  const caps = ENGINES.map((e) => CAPABILITIES[e])
  const lines = [
    row('', ENGINES.map((e) => `**${e}**`)),
    row('---', ENGINES.map(() => '---')),
    row('operator', caps.map((c) => c.operator)),
    row('clusterSize', caps.map((c) => `${c.sizes.join(', ')}: ${c.sizeRule}`)),
    row('proxy', caps.map((c) => (c.proxies.length === 0 ? 'none' : c.proxies.join(', ')))),
    row('backups', caps.map((c) => (c.backup ? `yes (retention by ${c.retention})` : 'no'))),
    row('point-in-time recovery', caps.map((c) => yes(c.pointInTimeRecovery))),
    row('restore / clone (dataSource)', caps.map((c) => yes(c.restore))),
    row('stop / start', caps.map((c) => yes(c.stop))),
    row('switchover', caps.map((c) => yes(c.switchover))),
    row('monitoring', caps.map((c) => c.monitoring)),
    ...OPS_TYPES.map((op) => row(`OpsRequest ${op}`, caps.map((c) => yes(c.operations.includes(op))))),
  ]
  return `${lines.join('\n')}\n`
}
