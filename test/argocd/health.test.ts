/**
 * The Argo CD health checks under argocd/health/<group>/<Kind>/ (Argo CD's
 * resource_customizations layout): every case of every health_test.yaml runs
 * through its health.lua in a real Lua engine, status and message compared
 * exactly, as Argo CD's own TestLuaHealthScript does. The test objects are
 * checked against our CRDs, so a case cannot describe a status the controller
 * could never write.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { type HealthCheck, type HealthTest, REPO_ROOT, healthChecks, healthTests, testInput } from '../../argocd/health-checks.js'
import { ALL_CRDS } from '../../api/crds.js'
import { validateChild } from '../support/upstream-schemas.js'
import { lua51Problems, runHealthScript } from './lua.js'

interface Check extends HealthCheck {
  tests: HealthTest[]
}

const all: Check[] = healthChecks().map((c) => ({ ...c, tests: healthTests(c) }))
const input = (check: Check, test: HealthTest): Record<string, any> => testInput(check, test)

it('has a health check for each of our kinds, and only for them', () => {
  expect(all.map((c) => `${c.group}/${c.kind}`)).toEqual(ALL_CRDS.map((c) => `${c.group}/${c.kind}`).sort())
})

describe.each(all.map((c) => [`${c.group}/${c.kind}`, c] as const))('%s', (_name, check) => {
  it.each(check.tests.map((t) => [t.inputPath, t] as const))('%s', async (_file, test) => {
    expect(Object.keys(test.healthStatus).sort()).toEqual(['message', 'status'])
    expect(await runHealthScript(check.lua, input(check, test))).toEqual(test.healthStatus)
  })

  it('runs on Lua 5.1 with only the libraries Argo CD opens', () => {
    expect(lua51Problems(check.lua)).toEqual([])
  })

  it('uses every file under testdata/ and covers the states that matter', () => {
    const used = check.tests.map((t) => t.inputPath).sort()
    expect(new Set(used).size).toBe(used.length)
    expect(used).toEqual(fs.readdirSync(path.join(REPO_ROOT, check.dir, 'testdata')).map((f) => `testdata/${f}`).sort())
    const statuses = new Set(check.tests.map((t) => t.healthStatus.status))
    for (const status of ['Healthy', 'Progressing', 'Degraded', 'Unknown']) expect(statuses, status).toContain(status)
    if (check.kind !== 'DatabaseBackupStorageClass') expect(statuses).toContain('Suspended')
    const messages = check.tests.map((t) => t.healthStatus.message)
    expect(messages).toContain('Waiting for the controller to report status')
    expect(messages.some((m) => m.startsWith('Waiting for the controller to observe generation '))).toBe(true)
  })

  it('reads test objects our CRD accepts, of its own kind', () => {
    for (const test of check.tests) {
      const obj = input(check, test)
      expect(`${obj.apiVersion}|${obj.kind}`, test.inputPath).toBe(`${check.group}/v1alpha1|${check.kind}`)
      const errors = validateChild(obj)
      // A phase from a newer controller is exactly what the unknown-phase case is about.
      if (test.inputPath === 'testdata/unknown-phase.yaml') expect(errors, test.inputPath).toEqual([expect.stringMatching(/^status\.phase: must be one of: /)])
      else expect(errors, test.inputPath).toEqual([])
    }
  })

  it('reports Progressing, not a stale verdict, while the controller has not seen the newest generation', async () => {
    for (const test of check.tests.filter((t) => t.healthStatus.status !== 'Progressing')) {
      const obj = input(check, test)
      if (obj.status === undefined) continue
      const stale = { ...obj, metadata: { ...obj.metadata, generation: Number(obj.status.observedGeneration) + 1 } }
      expect((await runHealthScript(check.lua, stale)).status, test.inputPath).toBe('Progressing')
    }
  })
})

describe('the Lua harness', () => {
  it('hides the libraries Argo CD does not open', async () => {
    await expect(runHealthScript('return {status = string.format("%s", "Healthy")}', {})).rejects.toThrow()
    await expect(runHealthScript('local s = "Healthy"; return {status = s:lower()}', {})).rejects.toThrow()
    await expect(runHealthScript('return {status = tostring(math.floor(1))}', {})).rejects.toThrow()
  })

  it('passes obj as gopher-lua does: 1-based arrays, integers that print as integers, no nulls', async () => {
    const script = 'return {status = "Healthy", message = tostring(#obj.a) .. " " .. obj.a[1].b .. " " .. tostring(obj.n) .. " " .. tostring(obj.z == nil) .. " " .. obj.s}'
    expect(await runHealthScript(script, { a: [{ b: 'x' }, { b: 'y' }], n: 3, z: null, s: 'é"\\\n' })).toEqual({ status: 'Healthy', message: '2 x 3 true é"\\\n' })
  })

  it('refuses what Argo CD would refuse', async () => {
    await expect(runHealthScript('return {status = "Fine"}', {})).rejects.toThrow('invalid health status')
    await expect(runHealthScript('return "Healthy"', {})).rejects.toThrow('expect table')
  })

  it.each([
    ['local x = 7 // 2', 'floor division'],
    ['local x = 1 << 2', 'bitwise'],
    ['goto done', 'goto'],
    ['local x <const> = 1', 'attributes'],
    ['local t = table.unpack({})', 'table functions'],
    ['local m = ("a"):match("a")', 'string methods'],
    ['local n = math.max(1, 2)', 'library'],
  ])('flags %s as not Lua 5.1 or not opened', (source, what) => {
    expect(lua51Problems(source).join('\n')).toContain(what)
  })

  it('ignores comments and strings when looking for such constructs', () => {
    expect(lua51Problems('-- uses // and goto in a comment\nlocal s = "a // b ~ c"\nlocal t = x ~= y')).toEqual([])
  })
})
