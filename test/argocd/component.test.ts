/**
 * The kustomize component manifests/components/argocd-health: its patch is
 * exactly what scripts/gen-argocd-health.ts makes of argocd/health (the Lua
 * exists once), and an Argo CD installation that uses it renders, with the
 * real kustomize, to a valid argocd-cm carrying every health check verbatim
 * next to the settings it already had.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse, parseAllDocuments } from 'yaml'
import { ALL_CRDS } from '../../api/crds.js'
import { REPO_ROOT, healthChecks } from '../../argocd/health-checks.js'
import { PATCH_FILE, renderPatch } from '../../scripts/gen-argocd-health.js'
import { validateChild } from '../support/upstream-schemas.js'

const FIXTURE = path.join(import.meta.dirname, 'fixtures/argocd-install')

function kustomize(dir: string): Record<string, any>[] {
  const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 30_000 })
  if (result.error !== undefined && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('kubectl is not installed: these tests need `kubectl kustomize` (kubectl with embedded kustomize v5, e.g. /usr/bin/kubectl)')
  }
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${result.stderr}`)
  return parseAllDocuments(result.stdout).map((d) => d.toJSON() as Record<string, any>).filter((o) => o !== null)
}

describe('the generated patch', () => {
  it('is up to date with argocd/health (run `npm run gen:argocd` after changing the Lua)', () => {
    expect(fs.readFileSync(path.join(REPO_ROOT, PATCH_FILE), 'utf8')).toBe(renderPatch())
  })

  it('holds one key per kind of ours, each the Lua byte for byte', () => {
    const patch = parse(fs.readFileSync(path.join(REPO_ROOT, PATCH_FILE), 'utf8')) as { data: Record<string, string> }
    const expected = Object.fromEntries(ALL_CRDS.map((c) => [`resource.customizations.health.${c.group}_${c.kind}`, fs.readFileSync(path.join(REPO_ROOT, 'argocd/health', c.group, c.kind, 'health.lua'), 'utf8')]))
    expect(patch.data).toEqual(expected)
  })

  it('refuses Lua that would not survive the round trip through YAML', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'argocd-health-'))
    try {
      const dir = path.join(root, 'argocd/health/dbaas.io/DatabaseCluster')
      fs.mkdirSync(dir, { recursive: true })
      fs.writeFileSync(path.join(dir, 'health.lua'), 'return {}  \n')
      expect(() => renderPatch(root)).toThrow('trailing whitespace')
      fs.writeFileSync(path.join(dir, 'health.lua'), 'return {}\n\n')
      expect(() => renderPatch(root)).toThrow('exactly one newline')
      fs.writeFileSync(path.join(dir, 'health.lua'), 'hs = {}\n\nreturn hs\n')
      expect((parse(renderPatch(root)) as { data: Record<string, string> }).data).toEqual({ 'resource.customizations.health.dbaas.io_DatabaseCluster': 'hs = {}\n\nreturn hs\n' })
    } finally {
      fs.rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('an Argo CD installation with the component', () => {
  const objects = kustomize(FIXTURE)

  it('renders to one argocd-cm in the argocd namespace that validates as a ConfigMap', () => {
    expect(objects.map((o) => `${o.apiVersion}/${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['v1/ConfigMap argocd/argocd-cm'])
    expect(validateChild(objects[0]!)).toEqual([])
  })

  it('keeps what argocd-cm had and adds every health check verbatim, under keys a ConfigMap allows', () => {
    const cm = objects[0]!
    expect(cm.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'argocd-cm', 'app.kubernetes.io/part-of': 'argocd' })
    const checks = healthChecks()
    expect(checks).toHaveLength(ALL_CRDS.length)
    expect(cm.data).toEqual({ url: 'https://argocd.example.com', ...Object.fromEntries(checks.map((c) => [c.key, c.lua])) })
    for (const key of Object.keys(cm.data)) expect(key).toMatch(/^[-._a-zA-Z0-9]{1,253}$/)
  })
})
