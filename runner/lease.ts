/**
 * One runner at a time, even while a rollout or a node failure briefly runs
 * two pods: a coordination.k8s.io Lease held for the length of every action
 * and renewed while it runs. A Lease held by another, unexpired holder
 * refuses the action; a Lease lost while running (taken over, or not renewed
 * in time) stops it.
 */
import { CoordinationV1Api, type KubeConfig, type V1Lease, type V1LeaseSpec } from '@kubernetes/client-node'

export interface Lock {
  /** Takes the lock or throws LockHeldError; `onLost` is called if it is lost before release. */
  acquire(onLost?: (why: string) => void): Promise<void>
  release(): Promise<void>
}

export class LockHeldError extends Error {
  constructor(holder: string) {
    super(`another runner (${holder}) is running a backup or restore`)
    this.name = 'LockHeldError'
  }
}

function statusCode(e: unknown): number | undefined {
  return (e as { code?: number }).code
}

/** The Lease spec after `holder` takes or renews it at `t`; throws LockHeldError while another holder's Lease runs. */
export function takeOver(s: V1LeaseSpec, holder: string, durationSeconds: number, t: Date): V1LeaseSpec {
  const expires = s.renewTime === undefined ? 0 : new Date(s.renewTime).getTime() + (s.leaseDurationSeconds ?? durationSeconds) * 1000
  const other = s.holderIdentity !== undefined && s.holderIdentity !== '' && s.holderIdentity !== holder
  if (other && expires > t.getTime()) throw new LockHeldError(s.holderIdentity ?? '')
  const mine = s.holderIdentity === holder
  return { holderIdentity: holder, leaseDurationSeconds: durationSeconds, renewTime: t, acquireTime: mine ? (s.acquireTime ?? t) : t, leaseTransitions: (s.leaseTransitions ?? 0) + (mine ? 0 : 1) }
}

export function leaseLock(kc: KubeConfig, namespace: string, name: string, holder: string, durationSeconds = 60, now: () => Date = () => new Date()): Lock {
  const api = kc.makeApiClient(CoordinationV1Api)
  let timer: NodeJS.Timeout | undefined
  let renewed = 0
  const header = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' }
  const read = async (): Promise<V1Lease | undefined> => {
    try {
      return await api.readNamespacedLease({ name, namespace })
    } catch (e: unknown) {
      if (statusCode(e) === 404) return undefined
      throw e
    }
  }
  const take = async () => {
    const current = await read()
    const t = now()
    if (current === undefined) {
      await api.createNamespacedLease({ namespace, body: { ...header, metadata: { name, namespace }, spec: { holderIdentity: holder, leaseDurationSeconds: durationSeconds, acquireTime: t, renewTime: t, leaseTransitions: 0 } } })
    } else {
      // replace carries the resourceVersion read: a concurrent taker makes one of the two fail with 409.
      await api.replaceNamespacedLease({ name, namespace, body: { ...header, metadata: current.metadata ?? { name, namespace }, spec: takeOver(current.spec ?? {}, holder, durationSeconds, t) } })
    }
    renewed = t.getTime()
  }
  const stop = () => {
    if (timer !== undefined) clearInterval(timer)
    timer = undefined
  }
  return {
    acquire: async (onLost) => {
      try {
        await take()
      } catch (e: unknown) {
        if (statusCode(e) === 409) throw new LockHeldError('another pod, at the same moment')
        throw e
      }
      timer = setInterval(() => {
        take().catch((e: unknown) => {
          if (e instanceof LockHeldError || now().getTime() > renewed + durationSeconds * 1000) {
            stop()
            onLost?.(e instanceof LockHeldError ? `the Lease was taken over: ${e.message}` : `the Lease could not be renewed for ${durationSeconds}s`)
          }
        })
      }, (durationSeconds * 1000) / 3)
    },
    release: async () => {
      stop()
      const current = await read()
      if (current?.spec?.holderIdentity !== holder) return
      const { renewTime: _expired, ...spec } = current.spec
      await api.replaceNamespacedLease({ name, namespace, body: { ...header, metadata: current.metadata ?? { name, namespace }, spec: { ...spec, holderIdentity: '' } } })
    },
  }
}

/** Outside a cluster: exclusivity within the process only (the service's own guard). */
export function localLock(): Lock {
  return { acquire: () => Promise.resolve(), release: () => Promise.resolve() }
}
