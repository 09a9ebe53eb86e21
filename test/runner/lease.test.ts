/** One runner at a time across pods: the Lease against an API server on loopback, through @kubernetes/client-node. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LockHeldError, leaseLock } from '../../runner/lease.js'
import { FakeKubeApi } from '../support/fake-kube-api.js'

describe('runner Lease', () => {
  const api = new FakeKubeApi()
  let server: string

  beforeAll(async () => {
    server = await api.start()
  })

  afterAll(async () => {
    await api.stop()
  })

  it('the first pod takes it; a second pod is refused while it is held; after release the second takes it', async () => {
    const kc = api.kubeConfig(server)
    const a = leaseLock(kc, 'team-a', 'shop-runner-lock', 'runner-a', 60)
    const b = leaseLock(kc, 'team-a', 'shop-runner-lock', 'runner-b', 60)
    await a.acquire()
    expect(api.get('coordination.k8s.io/v1', 'Lease', 'team-a', 'shop-runner-lock')?.spec).toMatchObject({ holderIdentity: 'runner-a', leaseDurationSeconds: 60 })
    await expect(b.acquire()).rejects.toThrow(LockHeldError)
    await expect(b.acquire()).rejects.toThrow('another runner (runner-a) is running a backup or restore')
    await a.release()
    await b.acquire()
    expect(api.get('coordination.k8s.io/v1', 'Lease', 'team-a', 'shop-runner-lock')?.spec).toMatchObject({ holderIdentity: 'runner-b' })
    await b.release()
  })

  it('an expired lease (its holder died) is taken over', async () => {
    const kc = api.kubeConfig(server)
    let t = Date.parse('2026-01-01T00:00:00Z')
    const clock = () => new Date(t)
    const dead = leaseLock(kc, 'team-a', 'other-lock', 'runner-dead', 30, clock)
    await dead.acquire()
    t += 31_000
    const alive = leaseLock(kc, 'team-a', 'other-lock', 'runner-alive', 30, clock)
    await alive.acquire()
    expect(api.get('coordination.k8s.io/v1', 'Lease', 'team-a', 'other-lock')?.spec).toMatchObject({ holderIdentity: 'runner-alive' })
    await alive.release()
    await dead.release()
  })
})

describe('runner Lease, lost while running', () => {
  const api = new FakeKubeApi()
  let server: string

  beforeAll(async () => {
    server = await api.start()
  })

  afterAll(async () => {
    await api.stop()
  })

  it('a holder whose Lease was taken over (its renewals stopped long enough) is told, and stops renewing', async () => {
    const kc = api.kubeConfig(server)
    let t = Date.parse('2026-01-01T00:00:00Z')
    const clock = () => new Date(t)
    const slow = leaseLock(kc, 'team-a', 'lost-lock', 'runner-slow', 3, clock)
    const lost: string[] = []
    await slow.acquire((why) => lost.push(why))
    t += 4_000
    const other = leaseLock(kc, 'team-a', 'lost-lock', 'runner-other', 3, clock)
    await other.acquire()
    await new Promise((r) => setTimeout(r, 1_300))
    expect(lost).toEqual(['the Lease was taken over: another runner (runner-other) is running a backup or restore'])
    expect(api.get('coordination.k8s.io/v1', 'Lease', 'team-a', 'lost-lock')?.spec).toMatchObject({ holderIdentity: 'runner-other', leaseTransitions: 1 })
    // Once the other lets go, the one that lost it does not quietly take it back: it stopped renewing.
    await other.release()
    await new Promise((r) => setTimeout(r, 1_300))
    expect(api.get('coordination.k8s.io/v1', 'Lease', 'team-a', 'lost-lock')?.spec.holderIdentity).toBe('')
    await slow.release()
    expect(api.get('coordination.k8s.io/v1', 'Lease', 'team-a', 'lost-lock')?.spec.holderIdentity).toBe('')
  })

  it('two pods taking a free Lease at the same moment: the write with the stale resourceVersion is refused', async () => {
    const kc = api.kubeConfig(server)
    api.seed({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'race-lock', namespace: 'team-a' }, spec: { holderIdentity: '', leaseDurationSeconds: 60 } })
    const a = leaseLock(kc, 'team-a', 'race-lock', 'runner-a', 60)
    const b = leaseLock(kc, 'team-a', 'race-lock', 'runner-b', 60)
    const results = await Promise.allSettled([a.acquire(), b.acquire()])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const refused = results.find((r) => r.status === 'rejected')
    expect(refused?.status === 'rejected' ? (refused.reason as Error).name : '').toBe('LockHeldError')
    await a.release()
    await b.release()
  })
})
