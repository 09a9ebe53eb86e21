/**
 * Each rs0 member and its role, from status.replsets.rs0.members: keyed by
 * pod name, with the member's replica set state (`stateStr`, as rs.status()
 * reports it).
 */
import type { InstanceStatus } from '../../../api/database-cluster.js'
import { field, stringField } from '../../shared/observed.js'
import { REPLSET } from '../names.js'

const STATES: Record<string, InstanceStatus['state']> = {
  PRIMARY: 'healthy',
  SECONDARY: 'healthy',
  ARBITER: 'healthy',
  STARTUP: 'replicating',
  STARTUP2: 'replicating',
  RECOVERING: 'replicating',
  ROLLBACK: 'replicating',
  DOWN: 'failed',
  REMOVED: 'failed',
}

function roleOf(state: string): InstanceStatus['role'] {
  if (state === 'PRIMARY') return 'primary'
  if (state === 'SECONDARY') return 'replica'
  return 'member'
}

/** The members the operator reports, sorted by pod name; undefined before it reports any. */
export function memberRoles(status: unknown): InstanceStatus[] | undefined {
  const members = field(status, 'replsets', REPLSET, 'members')
  if (typeof members !== 'object' || members === null || Array.isArray(members)) return undefined
  return Object.keys(members)
    .sort()
    .map((pod) => {
      const state = (stringField(members, pod, 'stateStr') ?? '').toUpperCase()
      return { name: pod, role: roleOf(state), state: STATES[state] ?? 'unknown' }
    })
}
