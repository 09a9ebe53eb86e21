/**
 * Deleting with `deletionPolicy: WipeOut`, step by step in the Metacontroller
 * simulation: the wipe Job starts only once the data is gone, finalize waits
 * for it, a conflict or a failure holds the deletion with a reason, and a
 * finished wipe is recorded so the Job is never started twice.
 */
import { describe, expect, it } from 'vitest'
import { OpsPlan } from '../../../../api/ops-plan.js'
import { parserFor } from '../../../../api/validate.js'
import { WipePlan } from '../../../../api/wipe-plan.js'
import type { KObject } from '../../../../providers/shared/kube.js'
import { finalizeDatabaseCluster } from '../../../../providers/database-cluster/finalize.js'
import { condition, CTX, simulator } from '../../../support/clusters.js'
import { restrictedViolations } from '../../../support/pod-security.js'
import { validateChild } from '../../../support/upstream-schemas.js'
import { BASE_RELATED, engineBackup, NS, otherBackup, PG_WIPE, wipeCluster } from '../../../support/wipe-out.js'

type JobOutcome = 'pending' | 'complete' | 'failed'
const DATA_KINDS = ['Cluster', 'PerconaXtraDBCluster', 'PerconaServerMongoDB', 'Kafka', 'KafkaNodePool']

function world(outcome: { job: JobOutcome }) {
  return (child: KObject): Record<string, unknown> | undefined => {
    if (child.kind === 'Cluster') return { phase: 'Cluster in healthy state', instances: 3, readyInstances: 3 }
    if (child.kind !== 'Job') return undefined
    if (outcome.job === 'complete') return { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] }
    if (outcome.job === 'failed') return { failed: 4, conditions: [{ type: 'Failed', status: 'True' }] }
    return {}
  }
}

function deleting(spec: Record<string, unknown>, related: KObject[], outcome = { job: 'pending' as JobOutcome }) {
  const sim = simulator(wipeCluster('orders', spec), related, world(outcome))
  sim.step()
  sim.step()
  sim.delete()
  return sim
}

function run(sim: ReturnType<typeof deleting>, steps: number) {
  const order: string[][] = []
  for (let i = 0; i < steps && !sim.finalized; i++) {
    const before = sim.deleted.length
    const response = sim.step()
    order.push(sim.deleted.slice(before).map((c) => c.kind))
    if (response.resyncAfterSeconds !== undefined) order.push([`resync ${response.resyncAfterSeconds}`])
  }
  return order
}

const ready = (sim: ReturnType<typeof deleting>) => condition(sim.parent.status as Record<string, unknown>, 'Ready') as { reason: string; message: string }
const jobOf = (sim: ReturnType<typeof deleting>) => sim.children.find((c) => c.kind === 'Job' && c.metadata.name === 'orders-wipe')

describe('deletionPolicy WipeOut', () => {
  it('postgresql: data first, then the wipe Job; finalized only after it succeeded, recorded in status', () => {
    const outcome = { job: 'pending' as JobOutcome }
    const cnpgBackup = engineBackup('postgresql.cnpg.io/v1', 'Backup', 'orders-daily-1', { cluster: { name: 'orders' } })
    const sim = deleting(PG_WIPE, [...BASE_RELATED, cnpgBackup], outcome)
    const order = run(sim, 6)
    expect(sim.finalized).toBe(false)
    const dataStep = order.findIndex((kinds) => kinds.includes('Cluster'))
    expect(dataStep).toBeGreaterThan(0)
    expect(jobOf(sim)).toBeDefined()
    expect(ready(sim)).toMatchObject({ reason: 'WipingBackups' })
    expect(ready(sim).message).toContain('s3://db-backups/prod/team-a/orders/')
    expect(ready(sim).message).toContain('1 backup object(s)')

    outcome.job = 'complete'
    const after = run(sim, 6)
    expect(sim.finalized).toBe(true)
    expect(sim.children).toEqual([])
    expect(after.flat()).toContain('Job')
    expect((sim.parent.status as { wipedBackups?: string[] }).wipedBackups).toEqual([`primary: ${NS}/orders/`, `minio: ${NS}/orders-logical/`, `nfs: ${NS}/orders-logical/`])
    // The Job was created once (one uid) and never again after it was removed.
    expect(sim.deleted.filter((c) => c.kind === 'Job').map((c) => c.metadata.name)).toEqual(['orders-wipe'])
  })

  it('postgresql: waits while the instances\' volumes (and so their pods, which archive WAL while they stop) are still there', () => {
    const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'orders-1', namespace: NS, labels: { 'cnpg.io/cluster': 'orders' } }, spec: {} } as KObject
    const other = { ...pvc, metadata: { ...pvc.metadata, name: 'billing-1', labels: { 'cnpg.io/cluster': 'billing' } } } as KObject
    const sim = deleting(PG_WIPE, [...BASE_RELATED, pvc, other], { job: 'complete' })
    const order = run(sim, 6)
    expect(sim.deleted.map((c) => c.kind)).toContain('Cluster')
    expect(jobOf(sim)).toBeUndefined()
    expect(sim.finalized).toBe(false)
    expect(ready(sim)).toMatchObject({ reason: 'WaitingToWipe' })
    expect(ready(sim).message).toContain('PersistentVolumeClaim orders-1 still there')
    expect(ready(sim).message).not.toContain('billing-1')
    expect(order.flat()).toContain('resync 30')
    sim.setRelated([...BASE_RELATED, other])
    run(sim, 6)
    expect(sim.finalized).toBe(true)
  })

  it('a finished wipe is recorded while the Job is still answered; the Job goes in the next answer', () => {
    const outcome = { job: 'pending' as JobOutcome }
    const sim = deleting(PG_WIPE, BASE_RELATED, outcome)
    run(sim, 6)
    outcome.job = 'complete'
    sim.step()
    const recorded = sim.step()
    expect(recorded.status.wipedBackups).toBeDefined()
    expect(recorded.children.some((c) => c.kind === 'Job')).toBe(true)
    const next = sim.step()
    expect(next.children.some((c) => c.kind === 'Job')).toBe(false)
  })

  it('a terminating engine cluster is still data: no Job while it is observed', () => {
    const sim = deleting(PG_WIPE, BASE_RELATED)
    const cluster = sim.children.find((c) => c.kind === 'Cluster') as KObject
    const request = sim.request(true)
    const terminating = { ...cluster, metadata: { ...cluster.metadata, deletionTimestamp: '2026-01-02T00:00:01Z' } }
    const children = Object.fromEntries(Object.entries(request.children).map(([type]) => [type, type.startsWith('Cluster.') ? { [cluster.metadata.name]: terminating } : {}]))
    const response = finalizeDatabaseCluster({ ...request, children }, CTX)
    expect(response.finalized).toBe(false)
    expect(response.children.some((c) => c.kind === 'Job')).toBe(false)
  })

  it('the Job is not created while anything holding data is observed', () => {
    const sim = deleting(PG_WIPE, BASE_RELATED)
    for (let i = 0; i < 6 && !sim.finalized; i++) {
      const response = sim.step()
      const emitsJob = response.children.some((c) => c.kind === 'Job')
      const dataObserved = sim.deleted.every((c) => !DATA_KINDS.includes(c.kind))
      if (emitsJob) expect(dataObserved).toBe(false)
    }
    expect(jobOf(sim)).toBeDefined()
  })

  it('the wipe children: plans the runner and executor accept, least privilege, restricted pods, valid objects', () => {
    const cnpgBackup = engineBackup('postgresql.cnpg.io/v1', 'Backup', 'orders-daily-1', { cluster: { name: 'orders' } })
    const sim = deleting(PG_WIPE, [...BASE_RELATED, cnpgBackup])
    run(sim, 6)
    const byName = (kind: string, name: string) => sim.children.find((c) => c.kind === kind && c.metadata.name === name)
    const plan = parserFor<WipePlan>(WipePlan)(JSON.parse((byName('ConfigMap', 'orders-wipe-plan')?.data as Record<string, string>)['plan.json'] ?? ''))
    expect(plan.ok).toBe(true)
    if (plan.ok) expect(plan.value.targets.map((t) => t.prefix)).toEqual([`${NS}/orders/`, `${NS}/orders-logical/`, `${NS}/orders-logical/`])
    const objects = parserFor<OpsPlan>(OpsPlan)(JSON.parse((byName('ConfigMap', 'orders-wipe-objects-plan')?.data as Record<string, string>)['plan.json'] ?? ''))
    expect(objects.ok && objects.value.steps.map((s) => `${s.action} ${s.target.kind}/${s.target.name}${s.action === 'delete' ? ` uid ${s.uid ?? '-'}` : ''}`)).toEqual(['mergePatch Backup/orders-daily-1', 'delete Backup/orders-daily-1 uid uid-orders-daily-1'])
    const role = byName('Role', 'orders-wipe') as unknown as { rules: unknown[] }
    expect(role.rules).toEqual([
      { apiGroups: ['postgresql.cnpg.io'], resources: ['backups'], resourceNames: ['orders-daily-1'], verbs: ['get', 'delete'] },
      { apiGroups: ['postgresql.cnpg.io'], resources: ['backups'], resourceNames: ['orders-daily-1'], verbs: ['get', 'patch'] },
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['orders-wipe-objects-result'], verbs: ['get', 'patch'] },
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['orders-wipe-result'], verbs: ['get', 'patch'] },
    ])
    const secret = byName('Secret', 'orders-wipe-credentials') as unknown as { data: Record<string, string> }
    expect(Object.keys(secret.data).sort()).toEqual(['e-primary.AWS_ACCESS_KEY_ID', 'e-primary.AWS_SECRET_ACCESS_KEY', 'l-minio.AWS_ACCESS_KEY_ID', 'l-minio.AWS_SECRET_ACCESS_KEY'])
    const job = jobOf(sim) as unknown as { spec: { template: { spec: Record<string, unknown> } } }
    const pod = job.spec.template.spec as { initContainers: { command: string[] }[]; containers: { command: string[] }[]; volumes: { name: string; persistentVolumeClaim?: { claimName: string } }[] }
    expect(pod.initContainers.map((c) => c.command.join(' '))).toEqual(['node dist/runner/ops-executor.js'])
    expect(pod.containers.map((c) => c.command.join(' '))).toEqual(['node dist/runner/wipe.js'])
    expect(pod.volumes.filter((v) => v.persistentVolumeClaim !== undefined)).toEqual([{ name: 'backups-0', persistentVolumeClaim: { claimName: 'backup-nfs' } }])
    expect(restrictedViolations(job.spec.template.spec)).toEqual([])
    for (const c of sim.children) expect(validateChild(c as Record<string, unknown>), `${c.kind}/${c.metadata.name}`).toEqual([])
  })

  it('while the Job runs, its children stay as applied although the backup objects it deletes disappear (a Job\'s template cannot change)', () => {
    const cnpgBackup = engineBackup('postgresql.cnpg.io/v1', 'Backup', 'orders-daily-1', { cluster: { name: 'orders' } })
    const sim = deleting(PG_WIPE, [...BASE_RELATED, cnpgBackup])
    run(sim, 6)
    const wipeChildren = () => sim.children.filter((c) => c.metadata.name.startsWith('orders-wipe')).map((c) => ({ ...c, status: undefined, metadata: { ...c.metadata, uid: undefined, annotations: undefined } }))
    const first = wipeChildren()
    expect(first.map((c) => `${c.kind}/${c.metadata.name}`)).toContain('ConfigMap/orders-wipe-objects-plan')
    sim.setRelated(BASE_RELATED)
    run(sim, 3)
    expect(sim.finalized).toBe(false)
    expect(wipeChildren()).toEqual(first)
    expect(sim.deleted.filter((c) => c.metadata.name.startsWith('orders-wipe'))).toEqual([])
  })

  it('another object writing to the folder: the data still goes, the wipe waits with a reason and a resync, and goes on once the conflict is gone', () => {
    const related = [...BASE_RELATED, otherBackup('orders', 's3-default')]
    const outcome = { job: 'complete' as JobOutcome }
    const sim = deleting(PG_WIPE, related, outcome)
    const order = run(sim, 8)
    expect(sim.finalized).toBe(false)
    expect(sim.deleted.map((c) => c.kind)).toContain('Cluster')
    expect(jobOf(sim)).toBeUndefined()
    expect(order.flat()).toContain('resync 60')
    expect(ready(sim)).toMatchObject({ reason: 'WipeOutBlocked' })
    expect(ready(sim).message).toContain('DatabaseBackup orders writes its backups to s3://db-backups/prod/team-a/orders/')
    expect(ready(sim).message).toContain('set deletionPolicy: Delete')

    sim.setRelated(BASE_RELATED)
    run(sim, 6)
    expect(sim.finalized).toBe(true)
    expect(sim.deleted.map((c) => c.kind)).toContain('Job')
  })

  it('a failed wipe holds the deletion, says how to retry; switching to Delete finishes without wiping', () => {
    const sim = deleting(PG_WIPE, BASE_RELATED, { job: 'failed' })
    run(sim, 8)
    expect(sim.finalized).toBe(false)
    expect(ready(sim)).toMatchObject({ reason: 'WipeFailed' })
    expect(ready(sim).message).toContain('delete the Job to retry')
    sim.setSpec({ ...PG_WIPE, deletionPolicy: 'Delete' })
    run(sim, 4)
    expect(sim.finalized).toBe(true)
    expect((sim.parent.status as { wipedBackups?: unknown }).wipedBackups).toBeUndefined()
  })

  it('a storage class that disappeared: nothing is guessed, the deletion waits with WipeOutInvalid', () => {
    const sim = deleting(PG_WIPE, BASE_RELATED)
    sim.setRelated(BASE_RELATED.filter((o) => o.metadata.name !== 's3-default'))
    run(sim, 8)
    expect(sim.finalized).toBe(false)
    expect(jobOf(sim)).toBeUndefined()
    expect(ready(sim)).toMatchObject({ reason: 'WipeOutInvalid' })
  })

  it.each([
    ['mysql', { ...PG_WIPE, engine: 'mysql', backup: { storageClassName: 's3-default' } }, 'PerconaXtraDBCluster', ['percona.com/delete-pxc-pvc', 'percona.com/delete-proxysql-pvc']],
    ['mongodb', { ...PG_WIPE, engine: 'mongodb', backup: { storageClassName: 's3-default' } }, 'PerconaServerMongoDB', ['percona.com/delete-psmdb-pvc']],
  ])('%s: volumes go as with Delete (operator finalizers), then the folder is wiped', (_engine, spec, kind, finalizers) => {
    const sim = deleting(spec, BASE_RELATED, { job: 'complete' })
    const cluster = sim.children.find((c) => c.kind === kind)
    for (const f of finalizers) expect(cluster?.metadata.finalizers).toContain(f)
    run(sim, 10)
    expect(sim.finalized).toBe(true)
    expect((sim.parent.status as { wipedBackups?: string[] }).wipedBackups).toEqual([`primary: ${NS}/orders/`])
  })

  it('kafka: nothing to wipe, finalized as with Delete, claims deleted with the nodes', () => {
    const sim = deleting({ engine: 'kafka', clusterSize: 3, storage: '10Gi', deletionPolicy: 'WipeOut' }, BASE_RELATED)
    const pools = sim.children.filter((c) => c.kind === 'KafkaNodePool') as unknown as { spec: { storage: { volumes: { deleteClaim: boolean }[] } } }[]
    expect(pools.flatMap((p) => p.spec.storage.volumes.map((v) => v.deleteClaim))).not.toContain(false)
    run(sim, 8)
    expect(sim.finalized).toBe(true)
    expect(sim.deleted.map((c) => c.kind)).not.toContain('Job')
    expect((sim.parent.status as { wipedBackups?: string[] }).wipedBackups).toEqual([])
  })
})
