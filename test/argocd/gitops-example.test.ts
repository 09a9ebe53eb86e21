/**
 * examples/gitops: an Argo CD layout that installs the operator and a team's
 * databases. Every YAML parses; every object of ours validates against our
 * CRDs (defaults and CEL rules included) and every DatabaseCluster renders to
 * valid children; the Applications point at what this repository ships (the
 * production overlay at the release tag); the sync waves put the operator
 * before the databases and each database before what depends on it; and the
 * operator Application's kustomize patches, applied with the real kustomize,
 * keep every CRD from being pruned or deleted.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { renderDocuments } from '../../cli/render.js'
import { ALL_CRDS } from '../../api/crds.js'
import type { KObject } from '../../providers/shared/kube.js'
import { CTX, condition } from '../support/clusters.js'
import { expectValidChild, validateChild } from '../support/upstream-schemas.js'

const repoRoot = path.resolve(import.meta.dirname, '../..')
const EXAMPLE = path.join(repoRoot, 'examples/gitops')
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }

interface Doc {
  file: string
  obj: Record<string, any>
}

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f)).sort()
}

const docs: Doc[] = yamlFiles(EXAMPLE).flatMap((file) =>
  parseAllDocuments(fs.readFileSync(path.join(EXAMPLE, file), 'utf8')).map((d) => {
    if (d.errors.length > 0) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`)
    return { file, obj: d.toJS() as Record<string, any> }
  }),
)
const ofKind = (kind: string) => docs.filter((d) => d.obj.kind === kind)
const named = (kind: string, name: string) => {
  const found = ofKind(kind).filter((d) => d.obj.metadata.name === name)
  expect(found, `${kind} ${name}`).toHaveLength(1)
  return found[0]!.obj
}
const wave = (obj: Record<string, any>) => Number(obj.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? '0')
const OURS = new Set(ALL_CRDS.map((c) => `${c.group}/v1alpha1|${c.kind}`))

it('parses: every YAML file holds Kubernetes objects with apiVersion, kind and name', () => {
  expect(docs.length).toBeGreaterThan(0)
  for (const { file, obj } of docs) {
    expect(typeof obj.apiVersion, file).toBe('string')
    expect(typeof obj.kind, file).toBe('string')
    expect(typeof obj.metadata?.name, file).toBe('string')
  }
  expect(docs.map((d) => d.obj.kind).sort()).toEqual(['AppProject', 'Application', 'Application', 'Application', 'DatabaseBackup', 'DatabaseBackupStorageClass', 'DatabaseCluster', 'DatabaseCluster'])
})

it('holds only objects of ours that our CRDs accept', () => {
  const ours = docs.filter((d) => OURS.has(`${d.obj.apiVersion}|${d.obj.kind}`))
  expect(ours.map((d) => d.obj.kind)).toEqual(expect.arrayContaining(['DatabaseCluster', 'DatabaseBackup', 'DatabaseBackupStorageClass']))
  for (const { file, obj } of ours) expect(validateChild(obj), file).toEqual([])
})

describe.each(ofKind('DatabaseCluster').map((d) => [d.obj.metadata.name as string, d.obj] as const))('DatabaseCluster %s', (_name, cluster) => {
  it('renders to valid children, given its storage class and the credentials Secret the README says to create', () => {
    const storageClass = ofKind('DatabaseBackupStorageClass').map((d) => d.obj as KObject)
    const secrets: KObject[] = storageClass.flatMap((c) =>
      ((c.spec as any).locations as any[]).map((l) => ({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: l.s3.credentialsSecretRef.name, namespace: l.s3.credentialsSecretRef.namespace, labels: { 'backup.dbaas.io/credentials': 'true' } },
        stringData: { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' },
      })),
    )
    const res = renderDocuments([cluster as KObject, ...storageClass, ...secrets], CTX)
    expect(condition(res.status, 'SpecValid')).toMatchObject({ status: 'True' })
    expect(res.children.length).toBeGreaterThan(0)
    for (const child of res.children) expectValidChild(child)
  })

  it('keeps deletion protection on and says how OpsRequests may touch it', () => {
    expect(cluster.spec.deletionProtection).toBe(true)
    expect(['Track', 'Patch']).toContain(cluster.spec.opsPolicy?.declarativeOps)
  })
})

describe('the Applications', () => {
  const operator = () => named('Application', 'dbaas-operator')
  const team = () => named('Application', 'team-a-databases')

  it('install the operator from the production overlay at the release tag, with server-side apply', () => {
    const { source, syncPolicy } = operator().spec
    expect(source.repoURL).toBe('https://github.com/dbaas-operator/dbaas-operator.git')
    expect(source.path).toBe('manifests/overlays/production')
    expect(fs.existsSync(path.join(repoRoot, source.path, 'kustomization.yaml'))).toBe(true)
    expect(source.targetRevision).toBe(`v${pkg.version}`)
    expect(syncPolicy.syncOptions).toContain('ServerSideApply=true')
    expect(operator().metadata.finalizers).toBeUndefined()
  })

  it('sync the project, then the operator, then the databases', () => {
    expect(wave(named('AppProject', 'databases'))).toBeLessThan(wave(operator()))
    expect(wave(operator())).toBeLessThan(wave(team()))
    expect(team().spec.project).toBe('databases')
  })

  it('point the team Application at the team folder of this layout', () => {
    const { source, destination, syncPolicy } = team().spec
    expect(source.path).toBe('examples/gitops/teams/team-a')
    const inFolder = docs.filter((d) => d.file.startsWith('teams/team-a/'))
    expect(inFolder.length).toBeGreaterThan(0)
    for (const { file, obj } of inFolder) if (obj.kind !== 'DatabaseBackupStorageClass') expect(obj.metadata.namespace, file).toBe(destination.namespace)
    expect(syncPolicy.syncOptions).toEqual(expect.arrayContaining(['ServerSideApply=true', 'RespectIgnoreDifferences=true', 'SkipDryRunOnMissingResource=true']))
  })

  it('order the team folder: storage class, then clusters, then the backups that dump them', () => {
    const storageClass = named('DatabaseBackupStorageClass', 'team-a-s3')
    for (const { obj: cluster } of ofKind('DatabaseCluster')) {
      expect(wave(storageClass)).toBeLessThan(wave(cluster))
      if (cluster.spec.backup !== undefined) expect(cluster.spec.backup.storageClassName).toBe(storageClass.metadata.name)
    }
    for (const { obj: backup } of ofKind('DatabaseBackup')) {
      const target = named('DatabaseCluster', backup.spec.target.clusterName)
      expect(wave(target)).toBeLessThan(wave(backup))
      expect(backup.spec.storageClassName).toBe(storageClass.metadata.name)
      expect(backup.metadata.name).not.toBe(`${target.metadata.name}-logical`)
    }
    expect(storageClass.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false')
  })

  it('ignore only what an OpsRequest in Patch mode writes, under its exact field manager name', () => {
    const entries = team().spec.ignoreDifferences as any[]
    expect(entries.length).toBeGreaterThan(0)
    for (const entry of entries) {
      expect(entry.group).toBe('dbaas.io')
      expect(entry.kind).toBe('DatabaseCluster')
      expect(named('DatabaseCluster', entry.name).spec.opsPolicy.declarativeOps).toBe('Patch')
      expect(Object.keys(entry).sort()).toEqual(['group', 'kind', 'managedFieldsManagers', 'name'])
      for (const manager of entry.managedFieldsManagers) expect(manager).toMatch(new RegExp(`^dbaas-ops-${entry.name}-[a-z0-9-]+$`))
    }
    const readme = fs.readFileSync(path.join(EXAMPLE, 'README.md'), 'utf8')
    for (const entry of entries) for (const manager of entry.managedFieldsManagers) expect(readme).toContain(manager)
  })

  it('patch the operator so that no CRD is ever pruned or deleted (rendered with the real kustomize)', () => {
    const dir = fs.mkdtempSync(path.join(import.meta.dirname, '.render-'))
    try {
      const overlay = path.relative(dir, path.join(repoRoot, operator().spec.source.path))
      const patches = operator().spec.source.kustomize.patches
      fs.writeFileSync(path.join(dir, 'kustomization.yaml'), JSON.stringify({ resources: [overlay], patches }))
      const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 30_000 })
      expect(result.stderr).toBe('')
      const objects = parseAllDocuments(result.stdout).map((d) => d.toJS() as Record<string, any>)
      const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition')
      expect(crds.map((c) => c.metadata.name).sort()).toEqual(ALL_CRDS.map((c) => `${c.plural}.${c.group}`).sort())
      for (const crd of crds) expect(crd.metadata.annotations['argocd.argoproj.io/sync-options'], crd.metadata.name).toBe('Prune=false,Delete=false')
      for (const other of objects.filter((o) => o.kind !== 'CustomResourceDefinition')) expect(other.metadata.annotations?.['argocd.argoproj.io/sync-options']).toBeUndefined()
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
