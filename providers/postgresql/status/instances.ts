/** Each instance and its role, from Cluster.status.instancesStatus and currentPrimary. */
import type { InstanceStatus } from '../../../api/database-cluster.js'
import { field } from '../../shared/observed.js'

const STATES = ['healthy', 'replicating', 'failed'] as const

function names(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

export function instanceRoles(status: unknown, primary: string | undefined): InstanceStatus[] {
  const byState = field(status, 'instancesStatus')
  const stateOf = new Map<string, InstanceStatus['state']>()
  for (const state of STATES) for (const name of names(field(byState, state))) stateOf.set(name, state)
  const all = new Set([...names(field(status, 'instanceNames')), ...stateOf.keys()])
  return [...all].sort().map((name) => ({
    name,
    role: name === primary ? 'primary' : 'replica',
    state: stateOf.get(name) ?? 'unknown',
  }))
}
