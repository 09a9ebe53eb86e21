/**
 * The Argo CD health checks of this repository, read from
 * argocd/health/<group>/<Kind>/ (Argo CD's resource_customizations layout):
 * health.lua, health_test.yaml and testdata/. Used by
 * scripts/gen-argocd-health.ts and the tests in test/argocd/.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const HEALTH_DIR = 'argocd/health'

export interface HealthCheck {
  group: string
  kind: string
  /** The argocd-cm key Argo CD reads the script from. */
  key: string
  /** Repository-relative folder of the check. */
  dir: string
  /** Repository-relative path of the script. */
  file: string
  lua: string
}

/** One case of a health_test.yaml, in Argo CD's format. */
export interface HealthTest {
  healthStatus: { status: string; message: string }
  inputPath: string
}

/** Every health check under argocd/health, sorted by group and kind. */
export function healthChecks(root: string = REPO_ROOT): HealthCheck[] {
  const base = path.join(root, HEALTH_DIR)
  const checks: HealthCheck[] = []
  for (const group of fs.readdirSync(base).sort()) {
    if (!fs.statSync(path.join(base, group)).isDirectory()) continue
    for (const kind of fs.readdirSync(path.join(base, group)).sort()) {
      const dir = path.posix.join(HEALTH_DIR, group, kind)
      const file = path.posix.join(dir, 'health.lua')
      const lua = fs.readFileSync(path.join(root, file), 'utf8')
      checks.push({ group, kind, key: `resource.customizations.health.${group}_${kind}`, dir, file, lua })
    }
  }
  return checks
}

/** The cases of a check's health_test.yaml. */
export function healthTests(check: HealthCheck, root: string = REPO_ROOT): HealthTest[] {
  const { tests } = parse(fs.readFileSync(path.join(root, check.dir, 'health_test.yaml'), 'utf8')) as { tests: HealthTest[] }
  return tests
}

/** The object a case runs against. */
export function testInput(check: HealthCheck, test: HealthTest, root: string = REPO_ROOT): Record<string, unknown> {
  return parse(fs.readFileSync(path.join(root, check.dir, test.inputPath), 'utf8')) as Record<string, unknown>
}
