/**
 * PerconaXtraDBClusterRestore: restores a backup into the running cluster in
 * place (the operator pauses it, restores the data, replays binlogs up to the
 * point in time if asked, and starts it again). One per DatabaseCluster, under
 * a fixed name, so it can never be created twice side by side.
 */
import type { KObject } from '../../shared/kube.js'
import { PXC_API } from '../child-types.js'

export interface RestoreInput {
  name: string
  namespace: string
  labels: Record<string, string>
  spec: Record<string, unknown>
}

export function buildRestore(input: RestoreInput): KObject {
  return {
    apiVersion: PXC_API,
    kind: 'PerconaXtraDBClusterRestore',
    metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
    spec: input.spec,
  }
}
