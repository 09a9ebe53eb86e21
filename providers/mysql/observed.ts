/** The MySQL children Metacontroller observed. */
import type { ClusterInput } from '../database-cluster/engine-provider.js'
import type { KObject } from '../shared/kube.js'
import { findObject, numberField, stringField } from '../shared/observed.js'
import { PXC_RESTORE_TYPE, PXC_TYPE, SECRET_TYPE } from './child-types.js'
import { mysqlNames } from './names.js'

export function observedPxc(input: ClusterInput): KObject | undefined {
  const { name, namespace } = input.cluster
  return findObject(input.children, PXC_TYPE.apiVersion, PXC_TYPE.kind, mysqlNames.pxc(name), namespace)
}

export function observedRestore(input: ClusterInput): KObject | undefined {
  const { name, namespace } = input.cluster
  return findObject(input.children, PXC_RESTORE_TYPE.apiVersion, PXC_RESTORE_TYPE.kind, mysqlNames.restore(name), namespace)
}

export function observedSecret(input: ClusterInput, name: string): KObject | undefined {
  return findObject(input.children, SECRET_TYPE.apiVersion, SECRET_TYPE.kind, name, input.cluster.namespace)
}

/** The operator reports the cluster ready with every node up (`status.state`, `status.pxc.ready`). */
export function pxcIsReady(pxc: KObject | undefined, size: number): boolean {
  const ready = numberField(pxc, 'status', 'pxc', 'ready') ?? 0
  return stringField(pxc, 'status', 'state') === 'ready' && ready >= size
}
