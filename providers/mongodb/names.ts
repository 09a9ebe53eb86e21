/**
 * Names of the MongoDB children and of what the Percona operator creates from
 * them (child-operators.md §2e). The PerconaServerMongoDB takes the
 * DatabaseCluster's own name, so pods (`<c>-rs0-0`) and Services
 * (`<c>-rs0`, `<c>-mongos`) read naturally.
 */
import { childName } from '../shared/names.js'

export const REPLSET = 'rs0'
export const CONFIG_REPLSET = 'cfg'
export const PORT = 27017

export const mongoNames = {
  cluster: (c: string) => c,
  /** System users Secret. Always per cluster: the operator's default name is shared by every cluster of a namespace. */
  users: (c: string) => childName(c, 'users'),
  backupCredentials: (c: string) => childName(c, 'backup-credentials'),
  restoreCredentials: (c: string) => childName(c, 'restore-credentials'),
  restore: (c: string) => childName(c, 'restore'),
  replsetService: (c: string) => `${c}-${REPLSET}`,
  mongosService: (c: string) => `${c}-mongos`,
}

export type Component = 'replset' | 'configsvr' | 'mongos'

/** Labels the operator puts on each component's pods (pkg/naming/labels.go), to select them in anti-affinity terms. */
export function podSelector(cluster: string, component: Component): Record<string, string> {
  const base = { 'app.kubernetes.io/name': 'percona-server-mongodb', 'app.kubernetes.io/instance': cluster }
  if (component === 'mongos') return { ...base, 'app.kubernetes.io/component': 'mongos' }
  return { ...base, 'app.kubernetes.io/replset': component === 'replset' ? REPLSET : CONFIG_REPLSET }
}
