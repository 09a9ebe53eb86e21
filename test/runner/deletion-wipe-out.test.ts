/**
 * `deletionPolicy: WipeOut` end to end, without a cluster: the finalize hook
 * in the Metacontroller simulation emits the wipe Job; what that Job's two
 * containers would do is then done by the real programs with exactly the
 * Job's inputs (the plan ConfigMaps as files, the credentials Secret as
 * mounted files, the filesystem location's volume as a directory): the ops
 * executor deletes the CloudNativePG Backup objects in an API server on
 * loopback, and the wipe runner empties the folders in an S3 server on
 * loopback and on the filesystem. The Job then reports success, and the
 * deletion finishes. Exactly the cluster's folders are gone; the
 * neighbours' objects are all still there.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildLocation } from '../../runner/config.js'
import { runExecutor } from '../../runner/ops-executor.js'
import { runWipe } from '../../runner/wipe.js'
import type { KObject } from '../../providers/shared/kube.js'
import { credentialsSecret, simulator, storageClass } from '../support/clusters.js'
import { FakeKubeApi } from '../support/fake-kube-api.js'
import { startS3, type S3Server } from '../support/s3-server.js'
import { engineBackup, NS, wipeCluster } from '../support/wipe-out.js'

const silent = pino({ level: 'silent' })
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wipe-e2e-'))
let s3: S3Server
let api: FakeKubeApi
let apiServer: string

const OURS = [`prod/${NS}/orders/base/20261201T000000/data.tar`, `prod/${NS}/orders/wals/0000000100000000/000000010000000000000001.gz`, `prod/${NS}/orders-logical/2026-12-01T00:00:00Z/manifest.json`]
const NEIGHBOURS = [`prod/${NS}/orders-2/base/x/data.tar`, `prod/${NS}/ordersx/wals/1.gz`, `prod/team-b/orders/base/y/data.tar`, `prod/${NS}/orders-logical-old/z/manifest.json`, `other/${NS}/orders/base/q`]
const LATE_WAL = `prod/${NS}/orders/wals/0000000100000000/000000010000000000000002.gz`
const FS_OURS = [`${NS}/orders-logical/2026-12-01T00:00:00Z/data.sql.zst`, `${NS}/orders-logical/2026-12-01T00:00:00Z/manifest.json`]
const FS_NEIGHBOURS = [`${NS}/orders-logical-2/a/manifest.json`, `team-b/orders-logical/b/manifest.json`]

function classes(endpoint: string): KObject[] {
  const s3 = { bucket: 'backups', prefix: 'prod', endpoint, forcePathStyle: true, credentialsSecretRef: { name: 'local-s3', namespace: 'dbaas-system' } }
  return [
    storageClass('local', [{ name: 'minio', s3 }]),
    storageClass('dumps', [{ name: 'minio', s3 }, { name: 'nfs', filesystem: { claimName: 'backup-nfs', path: '/dumps' } }]),
    credentialsSecret('local-s3', { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' }),
  ]
}

const SPEC = { engine: 'postgresql', clusterSize: 3, storage: '10Gi', deletionPolicy: 'WipeOut', deletionProtection: false, backup: { storageClassName: 'local', logical: { schedule: '1d', storageClassName: 'dumps' } } }
const CNPG_BACKUPS = ['orders-daily-1', 'orders-daily-2'].map((name) => engineBackup('postgresql.cnpg.io/v1', 'Backup', name, { cluster: { name: 'orders' } }))
const OTHER_BACKUP = engineBackup('postgresql.cnpg.io/v1', 'Backup', 'billing-daily-1', { cluster: { name: 'billing' } })

/** The whole bucket, with the server's own keys. */
function bucket() {
  const creds = path.join(dir, 'admin')
  fs.mkdirSync(creds, { recursive: true })
  for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) fs.writeFileSync(path.join(creds, `admin.${key}`), 'S3RVER')
  return buildLocation({ name: 'admin', s3: { bucket: 'backups', endpoint: s3.endpoint, forcePathStyle: true, insecureSkipTLSVerify: false, credentials: true } }, { config: '', targetCredentials: '', storageCredentials: creds, backups: dir })
}

async function s3Keys(): Promise<string[]> {
  return (await bucket().list('')).map((o) => o.key).sort()
}

function fsKeys(root: string): string[] {
  if (!fs.existsSync(root)) return []
  return (fs.readdirSync(root, { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).map((d) => path.relative(root, path.join(d.parentPath, d.name))).sort()
}

/** Carries out the wipe Job as its pod would, from the children the hook emitted. */
async function runWipeJob(children: KObject[]): Promise<{ executor: number; wipe: number; waits: number[] }> {
  const data = (name: string) => (children.find((c) => c.kind === 'ConfigMap' && c.metadata.name === name)?.data as Record<string, string> | undefined)?.['plan.json'] ?? ''
  const job = path.join(dir, 'job')
  fs.mkdirSync(path.join(job, 'credentials'), { recursive: true })
  fs.writeFileSync(path.join(job, 'objects-plan.json'), data('orders-wipe-objects-plan'))
  fs.writeFileSync(path.join(job, 'wipe-plan.json'), data('orders-wipe-plan'))
  const secret = children.find((c) => c.kind === 'Secret' && c.metadata.name === 'orders-wipe-credentials') as unknown as { data: Record<string, string> }
  for (const [key, value] of Object.entries(secret.data)) fs.writeFileSync(path.join(job, 'credentials', key), Buffer.from(value, 'base64'))
  const kubeConfig = api.kubeConfig(apiServer)
  const executor = await runExecutor({ planPath: path.join(job, 'objects-plan.json'), kubeConfig, logger: silent })
  const paths = { config: '', targetCredentials: '', storageCredentials: path.join(job, 'credentials'), backups: path.join(dir, 'volumes') }
  // A stopping instance archives its last WAL segment after the first pass: the settle wait must catch it.
  const waits: number[] = []
  const sleep = async (seconds: number) => {
    waits.push(seconds)
    if (waits.length === 1) await bucket().put(LATE_WAL, Readable.from([Buffer.from('late')]))
  }
  const wipe = executor === 0 ? await runWipe({ planPath: path.join(job, 'wipe-plan.json'), paths, kubeConfig, logger: silent, sleep }) : -1
  return { executor, wipe, waits }
}

beforeAll(async () => {
  s3 = await startS3('backups')
  const seed = bucket()
  for (const key of [...OURS, ...NEIGHBOURS]) await seed.put(key, Readable.from([Buffer.from(key)]))
  const nfs = path.join(dir, 'volumes', 'l-nfs', 'dumps')
  for (const key of [...FS_OURS, ...FS_NEIGHBOURS]) {
    fs.mkdirSync(path.dirname(path.join(nfs, key)), { recursive: true })
    fs.writeFileSync(path.join(nfs, key), key)
  }
  api = new FakeKubeApi([{ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Backup', plural: 'backups' }])
  apiServer = await api.start()
  for (const b of [...CNPG_BACKUPS, OTHER_BACKUP]) api.seed(b)
  for (const name of ['orders-wipe-result', 'orders-wipe-objects-result']) api.seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS } })
}, 60_000)

afterAll(async () => {
  await s3?.stop()
  await api?.stop()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('WipeOut end to end', () => {
  it('deletes the data, then exactly the cluster\'s backups and backup objects, then finishes', async () => {
    const job = { state: 'pending' as 'pending' | 'complete' }
    const statusOf = (c: KObject) => {
      if (c.kind === 'Cluster') return { phase: 'Cluster in healthy state', instances: 3, readyInstances: 3 }
      if (c.kind === 'Job') return job.state === 'complete' ? { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] } : {}
      return undefined
    }
    const sim = simulator(wipeCluster('orders', SPEC), [...classes(s3.endpoint), ...CNPG_BACKUPS, OTHER_BACKUP], statusOf)
    sim.step()
    sim.delete()
    for (let i = 0; i < 6 && !sim.children.some((c) => c.kind === 'Job'); i++) sim.step()
    expect(sim.deleted.map((c) => c.kind)).toContain('Cluster')
    expect(await s3Keys()).toEqual([...OURS, ...NEIGHBOURS].sort())

    expect(await runWipeJob(sim.children)).toEqual({ executor: 0, wipe: 0, waits: [180, 180] })
    expect(await s3Keys()).toEqual([...NEIGHBOURS].sort())
    expect(fsKeys(path.join(dir, 'volumes', 'l-nfs', 'dumps'))).toEqual([...FS_NEIGHBOURS].sort())
    for (const b of CNPG_BACKUPS) expect(api.get('postgresql.cnpg.io/v1', 'Backup', NS, b.metadata.name)).toBeUndefined()
    expect(api.get('postgresql.cnpg.io/v1', 'Backup', NS, 'billing-daily-1')).toBeDefined()
    const patches = api.calls().filter((r) => r.method === 'PATCH' && r.path.includes('/backups/')).map((r) => r.body)
    expect(patches).toEqual(CNPG_BACKUPS.map((b) => expect.objectContaining({ metadata: expect.objectContaining({ name: b.metadata.name, finalizers: null }) })))
    const result = JSON.parse(api.get('v1', 'ConfigMap', NS, 'orders-wipe-result')?.data?.['result.json'] ?? 'null') as { ok: boolean; targets: { deleted: number; remaining: number }[] }
    expect(result.ok).toBe(true)
    expect(result.targets.map((t) => [t.deleted, t.remaining])).toEqual([[3, 0], [1, 0], [2, 0]])

    job.state = 'complete'
    for (let i = 0; i < 6 && !sim.finalized; i++) sim.step()
    expect(sim.finalized).toBe(true)
    expect((sim.parent.status as { wipedBackups?: string[] }).wipedBackups).toEqual([`minio: ${NS}/orders/`, `minio: ${NS}/orders-logical/`, `nfs: ${NS}/orders-logical/`])
  }, 60_000)
})
