/** The runner's report into its ConfigMap, through @kubernetes/client-node against an API server on loopback. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPORT_KEY, type RunnerReport } from '../../api/runner.js'
import { configMapSink } from '../../runner/report.js'
import { FakeKubeApi } from '../support/fake-kube-api.js'

const REPORT: RunnerReport = { consecutiveFailures: 0, stored: [{ location: 'disk', count: 2, bytes: 2048 }], lastSuccessfulTime: '2026-01-01T02:00:30Z' }

describe('report ConfigMap', () => {
  const api = new FakeKubeApi()
  let server: string

  beforeAll(async () => {
    server = await api.start()
    const owner = (uid: string) => [{ apiVersion: 'backup.dbaas.io/v1alpha1', kind: 'DatabaseBackup', name: 'shop', uid, controller: true }]
    api.seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shop-runner-report', namespace: 'team-a', ownerReferences: owner('uid-shop'), annotations: { 'backup.dbaas.io/report-key': REPORT_KEY } }, data: { other: 'kept' } })
    api.seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'old-runner-report', namespace: 'team-a', ownerReferences: owner('uid-of-a-newer-shop') } })
  })

  afterAll(async () => {
    await api.stop()
  })

  it('merge-patches only the report key of a ConfigMap owned by its DatabaseBackup, and reads it back', async () => {
    const sink = configMapSink(api.kubeConfig(server), { namespace: 'team-a', configMap: 'shop-runner-report', ownerUid: 'uid-shop' })
    expect(await sink.read()).toBeUndefined()
    await sink.write(REPORT)
    const cm = api.get('v1', 'ConfigMap', 'team-a', 'shop-runner-report')
    expect(cm?.data).toEqual({ other: 'kept', [REPORT_KEY]: JSON.stringify(REPORT) })
    expect(cm?.metadata.ownerReferences).toEqual([expect.objectContaining({ uid: 'uid-shop' })])
    expect(await sink.read()).toEqual(REPORT)
    const patches = api.calls().filter((c) => c.method === 'PATCH')
    expect(patches).toHaveLength(1)
    expect(patches[0]).toMatchObject({ contentType: 'application/merge-patch+json', query: { fieldManager: 'dbaas-backup-runner' }, body: { data: { [REPORT_KEY]: JSON.stringify(REPORT) } } })
  })

  it('refuses a ConfigMap owned by another DatabaseBackup (a re-created one of the same name)', async () => {
    const sink = configMapSink(api.kubeConfig(server), { namespace: 'team-a', configMap: 'old-runner-report', ownerUid: 'uid-shop' })
    await expect(sink.write(REPORT)).rejects.toThrow(/not owned by the DatabaseBackup uid-shop/)
    expect(api.get('v1', 'ConfigMap', 'team-a', 'old-runner-report')?.data).toBeUndefined()
  })

  it('a missing ConfigMap is an error (the controller creates it), not something the runner creates', async () => {
    const sink = configMapSink(api.kubeConfig(server), { namespace: 'team-a', configMap: 'missing', ownerUid: 'uid-shop' })
    await expect(sink.write(REPORT)).rejects.toThrow()
    expect(api.calls().filter((c) => c.method === 'POST')).toEqual([])
  })
})
