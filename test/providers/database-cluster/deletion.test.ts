/**
 * Deleting a DatabaseCluster with each deletionPolicy, step by step, in a
 * simulation of Metacontroller (children omitted from an answer are deleted,
 * finalize is called until it answers `finalized`) and of what each engine
 * operator and the garbage collector then do to the volumes:
 *
 * - CloudNativePG owns its PVCs: deleting the Cluster deletes them, unless
 *   their owner reference was removed first (the Retain release Job, whose
 *   real plan is run here through the executor's own code).
 * - Percona operators delete PVCs and the users Secret only when the cluster
 *   carries the `delete-*-pvc` finalizer.
 * - Strimzi makes the Kafka the owner of a pool's PVCs when `deleteClaim`.
 *
 * What survives is asserted exactly, with the order of the teardown.
 */
import { describe, expect, it } from 'vitest'
import { OpsPlan } from '../../../api/ops-plan.js'
import { parserFor } from '../../../api/validate.js'
import { executePlan } from '../../../runner/ops/execute.js'
import type { KObject } from '../../../providers/shared/kube.js'
import { databaseCluster, simulator } from '../../support/clusters.js'

const parse = parserFor<OpsPlan>(OpsPlan)
function parsePlan(text: string): OpsPlan {
  const parsed = parse(JSON.parse(text))
  if (!parsed.ok) throw new Error(parsed.errors.join('; '))
  return parsed.value
}

interface Volume {
  name: string
  /** `<Kind>/<name>` of the owner, as the garbage collector sees it. */
  owner?: string
  labels: Record<string, string>
}

/** The objects no controller of ours emits: volumes and operator-made Secrets. */
class World {
  volumes = new Map<string, Volume>()
  secrets = new Set<string>()
  jobsRun = new Set<string>()
  failJobs = false

  /** What the engine operator does when its cluster object is deleted. */
  onDeleted(child: KObject): void {
    const ownerKey = `${child.kind}/${child.metadata.name}`
    for (const [name, v] of this.volumes) if (v.owner === ownerKey) this.volumes.delete(name)
    const finalizers = child.metadata.finalizers ?? []
    if (finalizers.some((f) => f.endsWith('-pvc'))) {
      for (const name of [...this.volumes.keys()]) if (name.includes(child.metadata.name)) this.volumes.delete(name)
      for (const s of [...this.secrets]) if (s.startsWith(child.metadata.name)) this.secrets.delete(s)
    }
  }
}

const PVC_STATUS = { healthyPVC: ['db-1', 'db-2', 'db-3'] }

function operatorStatus(world: World) {
  return (child: KObject): Record<string, unknown> | undefined => {
    if (child.kind === 'Cluster') return { phase: 'Cluster in healthy state', instances: 3, readyInstances: 3, ...PVC_STATUS }
    if (child.kind !== 'Job') return undefined
    if (!world.jobsRun.has(child.metadata.name)) return {}
    return world.failJobs ? { failed: 3, conditions: [{ type: 'Failed', status: 'True' }] } : { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] }
  }
}

/** Carries out an executor Job's plan against the world, as the executor would. */
async function runJobs(world: World, children: KObject[]): Promise<void> {
  for (const job of children.filter((c) => c.kind === 'Job' && !world.jobsRun.has(c.metadata.name))) {
    const cm = children.find((c) => c.kind === 'ConfigMap' && c.metadata.name === `${job.metadata.name}-plan`)
    const plan = parsePlan((cm?.data as Record<string, string>)['plan.json'] ?? '')
    await executePlan(
      plan,
      {
        apply: () => Promise.reject(new Error('unexpected apply')),
        delete: () => Promise.reject(new Error('unexpected delete')),
        create: () => Promise.reject(new Error('unexpected create')),
        mergePatch: (step) => {
          const v = world.volumes.get(step.target.name)
          if (v === undefined || world.failJobs) return Promise.reject(new Error('not found'))
          const meta = (step.patch as { metadata: { ownerReferences: null; labels: Record<string, string> } }).metadata
          if (meta.ownerReferences === null) delete v.owner
          Object.assign(v.labels, meta.labels)
          return Promise.resolve()
        },
      },
      () => undefined,
    )
    world.jobsRun.add(job.metadata.name)
  }
}

function seedVolumes(world: World, engine: string, children: KObject[]): void {
  if (engine === 'postgresql') for (const n of PVC_STATUS.healthyPVC) world.volumes.set(n, { name: n, owner: 'Cluster/db', labels: {} })
  if (engine === 'mongodb') {
    for (const i of [0, 1, 2]) world.volumes.set(`mongod-data-db-rs0-${i}`, { name: `mongod-data-db-rs0-${i}`, labels: {} })
    world.secrets.add('db-users')
  }
  if (engine === 'mysql') {
    for (const i of [0, 1, 2]) world.volumes.set(`datadir-db-pxc-${i}`, { name: `datadir-db-pxc-${i}`, labels: {} })
    world.secrets.add('db-secrets')
  }
  if (engine === 'kafka') {
    for (const pool of children.filter((c) => c.kind === 'KafkaNodePool')) {
      const spec = pool.spec as { replicas: number; storage: { volumes: { deleteClaim: boolean }[] } }
      for (let i = 0; i < spec.replicas; i++) {
        const name = `data-0-db-${pool.metadata.name}-${i}`
        world.volumes.set(name, { name, labels: {}, ...(spec.storage.volumes[0]?.deleteClaim === true ? { owner: 'Kafka/db' } : {}) })
      }
    }
  }
}

const SPECS: Record<string, Record<string, unknown>> = {
  postgresql: { engine: 'postgresql', clusterSize: 3, storage: '10Gi', proxy: { enabled: true } },
  mongodb: { engine: 'mongodb', clusterSize: 3, storage: '10Gi' },
  mysql: { engine: 'mysql', clusterSize: 3, storage: '10Gi', proxy: { enabled: true } },
  kafka: { engine: 'kafka', clusterSize: 3, storage: '10Gi' },
}

async function deleteWith(engine: string, policy: 'Retain' | 'Delete' | undefined, world = new World()) {
  const spec = { ...SPECS[engine], ...(policy === undefined ? {} : { deletionPolicy: policy }) }
  const sim = simulator(databaseCluster('db', spec), [], operatorStatus(world))
  sim.step()
  sim.step()
  seedVolumes(world, engine, sim.children)
  const before = sim.children.map((c) => `${c.kind}/${c.metadata.name}`)
  sim.delete()
  const order: string[][] = []
  for (let i = 0; i < 12 && !sim.finalized; i++) {
    const deletedBefore = sim.deleted.length
    sim.step()
    const gone = sim.deleted.slice(deletedBefore)
    for (const child of gone) world.onDeleted(child)
    if (gone.length > 0) order.push(gone.map((c) => c.kind))
    await runJobs(world, sim.children)
  }
  return { sim, world, before, order }
}

describe('deleting a DatabaseCluster', () => {
  it.each(['postgresql', 'mongodb', 'mysql', 'kafka'])('%s with the default policy (Delete): everything goes, front first, data next, support last; finalized only when nothing is left', async (engine) => {
    const { sim, world, order } = await deleteWith(engine, undefined)
    expect(sim.finalized).toBe(true)
    expect(sim.children).toEqual([])
    expect([...world.volumes.keys()]).toEqual([])
    expect([...world.secrets]).toEqual([])
    const dataStep = order.findIndex((kinds) => kinds.some((k) => ['Cluster', 'PerconaServerMongoDB', 'PerconaXtraDBCluster', 'Kafka'].includes(k)))
    expect(dataStep).toBeGreaterThanOrEqual(0)
    expect(order.slice(dataStep + 1).flat().some((k) => ['Cluster', 'PerconaServerMongoDB', 'PerconaXtraDBCluster', 'Kafka', 'KafkaNodePool'].includes(k))).toBe(false)
    if (engine === 'postgresql') expect(order[0]).toContain('Pooler')
  })

  it('postgresql with Retain: a Job releases exactly the Cluster\'s PVCs before the Cluster is deleted; the volumes survive, labelled', async () => {
    const { sim, world } = await deleteWith('postgresql', 'Retain')
    expect(sim.finalized).toBe(true)
    expect([...world.volumes.values()]).toEqual(PVC_STATUS.healthyPVC.map((name) => ({ name, labels: { 'dbaas.io/retained-from': 'db' } })))
    expect(sim.parent.status).toMatchObject({ phase: 'Deleting', retainedVolumes: PVC_STATUS.healthyPVC })
    const role = sim.deleted.find((c) => c.kind === 'Role')
    expect(role).toMatchObject({ rules: expect.arrayContaining([{ apiGroups: [''], resources: ['persistentvolumeclaims'], resourceNames: PVC_STATUS.healthyPVC, verbs: ['get', 'patch'] }]) })
  })

  it('postgresql with Retain: while the release fails, the Cluster is never deleted and status says how to retry', async () => {
    const world = new World()
    world.failJobs = true
    const { sim } = await deleteWith('postgresql', 'Retain', world)
    expect(sim.finalized).toBe(false)
    expect(sim.children.map((c) => c.kind)).toContain('Cluster')
    expect(sim.deleted.map((c) => c.kind)).not.toContain('Cluster')
    expect(world.volumes.size).toBe(3)
    const ready = ((sim.parent.status as { conditions?: unknown } | undefined)?.conditions as { type: string; reason: string; message: string }[]).find((c) => c.type === 'Ready')
    expect(ready?.reason).toBe('RetainFailed')
    expect(ready?.message).toContain('delete the Job to retry')
  })

  it.each(['mongodb', 'mysql', 'kafka'])('%s with Retain: the operator is told to keep the volumes (and users Secret); they survive', async (engine) => {
    const { sim, world } = await deleteWith(engine, 'Retain')
    expect(sim.finalized).toBe(true)
    expect(world.volumes.size).toBeGreaterThanOrEqual(3)
    if (engine !== 'kafka') expect(world.secrets.size).toBe(1)
    expect(sim.deleted.map((c) => c.kind)).not.toContain('Job')
  })

  it('a policy switched from Retain to Delete before deletion takes effect at the next sync', () => {
    const sim = simulator(databaseCluster('db', { ...SPECS.mongodb, deletionPolicy: 'Retain' }))
    sim.step()
    expect(sim.children.find((c) => c.kind === 'PerconaServerMongoDB')?.metadata.finalizers).toEqual(['percona.com/delete-psmdb-pods-in-order'])
    sim.setSpec({ ...SPECS.mongodb, deletionPolicy: 'Delete' })
    sim.step()
    expect(sim.children.find((c) => c.kind === 'PerconaServerMongoDB')?.metadata.finalizers).toEqual(['percona.com/delete-psmdb-pods-in-order', 'percona.com/delete-psmdb-pvc'])
  })
})
