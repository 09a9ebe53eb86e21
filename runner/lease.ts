/**
 * One runner at a time, even while a rollout briefly runs two pods: a
 * coordination.k8s.io Lease held for the length of every action and renewed
 * while it runs. A Lease held by another, unexpired holder refuses the action.
 */
import { CoordinationV1Api, type KubeConfig, type V1Lease } from '@kubernetes/client-node'

export interface Lock {
  acquire(): Promise<void>
  release(): Promise<void>
}

export class LockHeldError extends Error {
  constructor(holder: string) {
    super(`another runner (${holder}) is running a backup or restore`)
    this.name = 'LockHeldError'
  }
}

export function leaseLock(kc: KubeConfig, namespace: string, name: string, holder: string, durationSeconds = 60, now: () => Date = () => new Date()): Lock {
  const api = kc.makeApiClient(CoordinationV1Api)
  let timer: NodeJS.Timeout | undefined
  const spec = (acquire: boolean) => ({ holderIdentity: holder, leaseDurationSeconds: durationSeconds, renewTime: now(), ...(acquire ? { acquireTime: now() } : {}) })
  const read = async (): Promise<V1Lease | undefined> => {
    try {
      return await api.readNamespacedLease({ name, namespace })
    } catch (e: unknown) {
      if ((e as { code?: number }).code === 404) return undefined
      throw e
    }
  }
  const take = async () => {
    const current = await read()
    if (current === undefined) {
      await api.createNamespacedLease({ namespace, body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace }, spec: spec(true) } })
      return
    }
    const s = current.spec
    const expires = s?.renewTime === undefined ? 0 : new Date(s.renewTime).getTime() + (s.leaseDurationSeconds ?? durationSeconds) * 1000
    if (s?.holderIdentity !== undefined && s.holderIdentity !== holder && s.holderIdentity !== '' && expires > now().getTime()) throw new LockHeldError(s.holderIdentity)
    await api.replaceNamespacedLease({ name, namespace, body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: current.metadata ?? { name, namespace }, spec: { leaseTransitions: s?.leaseTransitions ?? 0, ...spec(s?.holderIdentity !== holder) } } })
  }
  return {
    acquire: async () => {
      await take()
      timer = setInterval(() => void take().catch(() => undefined), (durationSeconds * 1000) / 3)
    },
    release: async () => {
      if (timer !== undefined) clearInterval(timer)
      const current = await read()
      if (current?.spec?.holderIdentity === holder) await api.replaceNamespacedLease({ name, namespace, body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: current.metadata ?? { name, namespace }, spec: { holderIdentity: '', leaseDurationSeconds: durationSeconds } } })
    },
  }
}

/** Outside a cluster: exclusivity within the process only. */
export function localLock(): Lock {
  return { acquire: () => Promise.resolve(), release: () => Promise.resolve() }
}
