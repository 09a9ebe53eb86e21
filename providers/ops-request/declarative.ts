/**
 * Declarative operations change the DatabaseCluster spec. Which fields each
 * one sets, what they were before, and whether the change has rolled out.
 */
import type { OpsType } from '../../api/capabilities.js'
import type { ConfigParameter } from '../../api/database-cluster.js'
import { findCondition } from '../shared/conditions.js'
import type { KObject } from '../shared/kube.js'
import { field, numberField, stringField } from '../shared/observed.js'
import { canonicalJson } from '../shared/canonical.js'
import type { OpsObject } from './parse.js'

export const DECLARATIVE: readonly OpsType[] = ['Start', 'Stop', 'HorizontalScaling', 'VerticalScaling', 'VolumeExpansion', 'Reconfiguring', 'Upgrade']

export function isDeclarative(type: OpsType): boolean {
  return DECLARATIVE.includes(type)
}

function reconfigured(current: unknown, ops: OpsObject): ConfigParameter[] {
  const list = Array.isArray(current) ? (current as ConfigParameter[]) : []
  const set = ops.spec.reconfiguring?.config ?? []
  const remove = new Set([...(ops.spec.reconfiguring?.remove ?? []), ...set.map((p) => p.name)])
  return [...list.filter((p) => !remove.has(p.name)), ...set]
}

/** The spec fields the operation sets, given the cluster as it is now. */
export function desiredFields(ops: OpsObject, cluster: KObject): Record<string, unknown> {
  const s = ops.spec
  switch (s.type) {
    case 'Start':
      return { stopped: false }
    case 'Stop':
      return { stopped: true }
    case 'HorizontalScaling':
      return { clusterSize: s.horizontalScaling?.replicas }
    case 'VerticalScaling':
      return { resources: s.verticalScaling?.resources }
    case 'VolumeExpansion':
      return { storage: s.volumeExpansion?.storage }
    case 'Reconfiguring':
      return { config: reconfigured(field(cluster, 'spec', 'config'), ops) }
    case 'Upgrade':
      return { version: s.upgrade?.version }
    default:
      return {}
  }
}

/** The same fields as the cluster has them now (null for absent ones, so a rollback removes them). */
export function currentFields(fields: Record<string, unknown>, cluster: KObject): Record<string, unknown> {
  return Object.fromEntries(Object.keys(fields).map((k) => [k, field(cluster, 'spec', k) ?? null]))
}

/** The cluster's spec carries the fields, its status has caught up, and it is in the state they ask for. */
export function rolledOut(fields: Record<string, unknown>, cluster: KObject): boolean {
  const specMatches = Object.entries(fields).every(([k, v]) => canonicalJson(field(cluster, 'spec', k) ?? null) === canonicalJson(v))
  const generation = cluster.metadata.generation
  const caughtUp = generation !== undefined && numberField(cluster, 'status', 'observedGeneration') === generation
  const phase = stringField(cluster, 'status', 'phase')
  const settled = fields.stopped === true ? phase === 'Stopped' : findCondition(field(cluster, 'status', 'conditions'), 'Ready')?.status === 'True'
  return specMatches && caughtUp && settled
}
