/**
 * The executor against an API server on loopback, through the real
 * @kubernetes/client-node: it carries out exactly the plan (no other write),
 * maps API answers (not found, already exists, conflicts, precondition
 * failures) to step results, and reports them in its result ConfigMap.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OpsPlan, PlanStep } from '../../api/ops-plan.js'
import { readPlan, runExecutor } from '../../runner/ops-executor.js'
import { FakeKubeApi } from '../support/fake-kube-api.js'

const NS = 'team-a'
const resources = [
  { apiVersion: 'dbaas.io/v1alpha1', kind: 'DatabaseCluster', plural: 'databaseclusters' },
  { apiVersion: 'dbaas.io/v1alpha1', kind: 'OpsRequest', plural: 'opsrequests' },
  { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', plural: 'clusters' },
  { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Backup', plural: 'backups' },
]
const target = (apiVersion: string, kind: string, resource: string, name: string) => ({ apiVersion, kind, resource, name, namespace: NS })
const DBC = target('dbaas.io/v1alpha1', 'DatabaseCluster', 'databaseclusters', 'orders')

let api: FakeKubeApi
let server: string
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'executor-'))
const silent = pino({ level: 'silent' })

function plan(name: string, steps: PlanStep[]): string {
  const p: OpsPlan = { apiVersion: 'dbaas.io/v1alpha1', kind: 'OpsPlan', opsRequest: { name, namespace: NS, uid: `uid-${name}` }, summary: name, steps, result: { configMap: `${name}-run-result` } }
  const file = path.join(dir, `${name}.json`)
  fs.writeFileSync(file, JSON.stringify(p))
  return file
}

function result(name: string): { ok: boolean; steps: { ok: boolean; message: string }[] } {
  return JSON.parse(api.get('v1', 'ConfigMap', NS, `${name}-run-result`)?.data?.['result.json'] ?? 'null')
}

beforeAll(async () => {
  api = new FakeKubeApi(resources)
  server = await api.start()
  api.seed({ apiVersion: 'dbaas.io/v1alpha1', kind: 'DatabaseCluster', metadata: { name: 'orders', namespace: NS }, spec: { engine: 'postgresql', clusterSize: 3, storage: '10Gi' } }, 'argocd-controller')
  api.seed({ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'orders', namespace: NS }, spec: { instances: 3 }, status: { currentPrimary: 'orders-1' } })
  api.seed({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'orders-3', namespace: NS, uid: 'pod-uid' }, spec: {} })
  for (const name of ['scale', 'conflict', 'switch', 'rebuild', 'backup', 'stale', 'ttl', 'wipe', 'strict']) {
    api.seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-run-result`, namespace: NS } })
  }
  api.seed({ apiVersion: 'dbaas.io/v1alpha1', kind: 'OpsRequest', metadata: { name: 'ttl', namespace: NS, uid: 'uid-ttl' }, spec: {} })
})

afterAll(async () => {
  await api.stop()
})

describe('ops executor', () => {
  it('server-side-applies a spec change with its own field manager, taking the field from Git\'s manager with force', async () => {
    const before = api.calls().length
    const file = plan('scale', [{ action: 'apply', target: DBC, fieldManager: 'dbaas-ops-scale', object: { apiVersion: 'dbaas.io/v1alpha1', kind: 'DatabaseCluster', metadata: { name: 'orders', namespace: NS }, spec: { clusterSize: 5 } }, force: true }])
    expect(await runExecutor({ planPath: file, kubeConfig: api.kubeConfig(server), logger: silent })).toBe(0)
    expect(api.get('dbaas.io/v1alpha1', 'DatabaseCluster', NS, 'orders')?.spec).toEqual({ engine: 'postgresql', clusterSize: 5, storage: '10Gi' })
    const writes = api.calls().slice(before).filter((r) => r.method !== 'GET')
    expect(writes.map((r) => `${r.method} ${r.path} ${r.query.fieldManager ?? ''}`)).toEqual([
      `PATCH /apis/dbaas.io/v1alpha1/namespaces/${NS}/databaseclusters/orders dbaas-ops-scale`,
      `PATCH /api/v1/namespaces/${NS}/configmaps/scale-run-result dbaas-ops-scale`,
    ])
    expect(writes[0]!.contentType).toBe('application/apply-patch+yaml')
    expect(writes[0]!.query.force).toBe('true')
    expect(result('scale')).toEqual({ ok: true, steps: [{ index: 0, action: 'apply', target: `DatabaseCluster/${NS}/orders`, ok: true, message: 'applied as dbaas-ops-scale' }] })
  })

  it('a field-manager conflict without force fails the step with the API\'s message, and exits 1', async () => {
    const file = plan('conflict', [{ action: 'apply', target: DBC, fieldManager: 'dbaas-ops-conflict', object: { apiVersion: 'dbaas.io/v1alpha1', kind: 'DatabaseCluster', metadata: { name: 'orders', namespace: NS }, spec: { storage: '20Gi' } }, force: false }])
    expect(await runExecutor({ planPath: file, kubeConfig: api.kubeConfig(server), logger: silent })).toBe(1)
    expect(result('conflict').steps[0]).toMatchObject({ ok: false, message: 'Apply failed with 1 conflict: conflict with "argocd-controller": .spec.storage' })
    expect(api.get('dbaas.io/v1alpha1', 'DatabaseCluster', NS, 'orders')?.spec.storage).toBe('10Gi')
  })

  it('patches the status subresource for a CloudNativePG switchover', async () => {
    const file = plan('switch', [{ action: 'mergePatch', target: target('postgresql.cnpg.io/v1', 'Cluster', 'clusters', 'orders'), subresource: 'status', patch: { status: { targetPrimary: 'orders-2' } } }])
    expect(await runExecutor({ planPath: file, kubeConfig: api.kubeConfig(server), logger: silent })).toBe(0)
    expect(api.get('postgresql.cnpg.io/v1', 'Cluster', NS, 'orders')?.status).toEqual({ currentPrimary: 'orders-1', targetPrimary: 'orders-2' })
    expect(api.calls().some((r) => r.path.endsWith('/clusters/orders/status') && r.contentType === 'application/merge-patch+json')).toBe(true)
  })

  it('deletes what a rebuild needs; a missing PVC counts as done', async () => {
    const pvc: PlanStep = { action: 'delete', target: target('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', 'orders-3'), ignoreNotFound: true }
    const file = plan('rebuild', [pvc, { action: 'delete', target: target('v1', 'Pod', 'pods', 'orders-3'), uid: 'pod-uid', ignoreNotFound: true }])
    expect(await runExecutor({ planPath: file, kubeConfig: api.kubeConfig(server), logger: silent })).toBe(0)
    expect(result('rebuild').steps.map((s) => s.message)).toEqual(['already gone', 'deleted'])
    expect(api.get('v1', 'Pod', NS, 'orders-3')).toBeUndefined()
  })

  it('removes finalizers and deletes (WipeOut): an object already gone counts as done only where the step says so', async () => {
    const gone = target('postgresql.cnpg.io/v1', 'Backup', 'backups', 'orders-gone')
    const tolerant = plan('wipe', [{ action: 'mergePatch', target: gone, patch: { metadata: { finalizers: null } }, ignoreNotFound: true }, { action: 'delete', target: gone, ignoreNotFound: true }])
    expect(await runExecutor({ planPath: tolerant, kubeConfig: api.kubeConfig(server), logger: silent })).toBe(0)
    expect(result('wipe').steps.map((s) => s.message)).toEqual(['already gone', 'already gone'])
    const strict = plan('strict', [{ action: 'mergePatch', target: gone, patch: { metadata: { finalizers: null } } }])
    expect(await runExecutor({ planPath: strict, kubeConfig: api.kubeConfig(server), logger: silent })).toBe(1)
    expect(result('strict').steps[0]).toMatchObject({ ok: false })
  })

  it('a UID precondition protects a newer object of the same name', async () => {
    api.seed({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'orders-2', namespace: NS, uid: 'newer' }, spec: {} })
    const file = plan('stale', [{ action: 'delete', target: target('v1', 'Pod', 'pods', 'orders-2'), uid: 'older', ignoreNotFound: true }])
    expect(await runExecutor({ planPath: file, kubeConfig: api.kubeConfig(server), logger: silent })).toBe(1)
    expect(result('stale').steps[0]!.message).toMatch(/Precondition failed: UID in precondition: older/)
    expect(api.get('v1', 'Pod', NS, 'orders-2')).toBeDefined()
  })

  it('creates a backup object once; a retry finds it and succeeds', async () => {
    const step: PlanStep = { action: 'create', target: target('postgresql.cnpg.io/v1', 'Backup', 'backups', 'nightly-1'), object: { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Backup', metadata: { name: 'nightly-1', namespace: NS }, spec: { cluster: { name: 'orders' }, method: 'plugin' } }, ignoreExisting: true }
    const file = plan('backup', [step])
    expect(await runExecutor({ planPath: file, kubeConfig: api.kubeConfig(server), logger: silent })).toBe(0)
    expect(await runExecutor({ planPath: file, kubeConfig: api.kubeConfig(server), logger: silent })).toBe(0)
    expect(result('backup').steps[0]!.message).toBe('already exists')
  })

  it('deletes its own OpsRequest when the TTL plan says so', async () => {
    const file = plan('ttl', [{ action: 'delete', target: target('dbaas.io/v1alpha1', 'OpsRequest', 'opsrequests', 'ttl'), uid: 'uid-ttl', ignoreNotFound: true }])
    expect(await runExecutor({ planPath: file, kubeConfig: api.kubeConfig(server), logger: silent })).toBe(0)
    expect(api.get('dbaas.io/v1alpha1', 'OpsRequest', NS, 'ttl')).toBeUndefined()
  })

  it('refuses a plan that is malformed or reaches into another namespace, before any API call', () => {
    const bad = path.join(dir, 'bad.json')
    fs.writeFileSync(bad, JSON.stringify({ kind: 'OpsPlan', steps: [] }))
    expect(() => readPlan(bad)).toThrow(/is invalid/)
    const elsewhere = plan('elsewhere', [{ action: 'delete', target: { ...target('v1', 'Pod', 'pods', 'x'), namespace: 'kube-system' }, ignoreNotFound: true }])
    expect(() => readPlan(elsewhere)).toThrow(/outside namespace team-a/)
  })
})
