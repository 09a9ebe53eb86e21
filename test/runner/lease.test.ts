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
