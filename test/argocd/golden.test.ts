/**
 * The health checks against statuses our hooks really write: every golden
 * response under test/golden/ (Metacontroller sync bodies produced by the
 * providers) is put on its parent, as the status subresource would be, and
 * run through the health check of the parent's kind. None may fail in Lua or
 * come out Unknown, and the verdict must agree with the phase.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { healthChecks } from '../../argocd/health-checks.js'
import { runHealthScript } from './lua.js'

const GOLDEN = path.resolve(import.meta.dirname, '../golden')
const scripts = new Map(healthChecks().map((c) => [`${c.group}/v1alpha1|${c.kind}`, c.lua]))

interface Case {
  name: string
  parent: Record<string, any>
  status: Record<string, any>
}

function cases(): Case[] {
  const found: Case[] = []
  for (const dir of fs.readdirSync(GOLDEN).filter((d) => fs.statSync(path.join(GOLDEN, d)).isDirectory()).sort()) {
    for (const file of fs.readdirSync(path.join(GOLDEN, dir)).filter((f) => f.endsWith('.response.yaml')).sort()) {
      const response = parse(fs.readFileSync(path.join(GOLDEN, dir, file), 'utf8')) as { status?: Record<string, any> } | null
      const requestFile = path.join(GOLDEN, dir, file.replace('.response.yaml', '.request.yaml'))
      if (response?.status === undefined || response.status === null || !fs.existsSync(requestFile)) continue
      const request = parse(fs.readFileSync(requestFile, 'utf8')) as { parent?: Record<string, any> }
      if (request.parent === undefined || !scripts.has(`${request.parent.apiVersion}|${request.parent.kind}`)) continue
      found.push({ name: `${dir}/${file.replace('.response.yaml', '')}`, parent: request.parent, status: response.status })
    }
  }
  return found
}

/** Health statuses that may go with a phase, per kind (kinds without phases: any but Unknown). */
const BY_PHASE: Record<string, Record<string, string[]>> = {
  DatabaseCluster: {
    Ready: ['Healthy', 'Degraded', 'Progressing'],
    Stopped: ['Suspended'],
    Failed: ['Degraded'],
    Invalid: ['Degraded'],
    Pending: ['Progressing', 'Degraded', 'Suspended'],
    Creating: ['Progressing', 'Degraded'],
    Updating: ['Progressing', 'Degraded'],
    Restoring: ['Progressing', 'Degraded'],
    Stopping: ['Progressing', 'Degraded'],
    Deleting: ['Progressing', 'Degraded'],
  },
  OpsRequest: {
    Pending: ['Progressing', 'Suspended'],
    Running: ['Progressing'],
    Succeeded: ['Healthy'],
    Cancelled: ['Healthy'],
    Failed: ['Degraded'],
    Aborted: ['Degraded'],
  },
}

const all = cases()

it('finds golden statuses of every kind that has a hook with a status', () => {
  expect(new Set(all.map((c) => c.parent.kind))).toEqual(new Set(['DatabaseCluster', 'OpsRequest', 'DatabaseBackup']))
})

describe.each(all.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  it('gets a health the phase allows, never Unknown', async () => {
    const obj = { ...c.parent, status: c.status }
    const health = await runHealthScript(scripts.get(`${c.parent.apiVersion}|${c.parent.kind}`)!, obj)
    expect(health.status).not.toBe('Unknown')
    expect(health.message).not.toBe('')
    const allowed = BY_PHASE[c.parent.kind]?.[String(c.status.phase)]
    if (allowed !== undefined) expect(allowed, `${c.status.phase}: ${health.message}`).toContain(health.status)
    else if (BY_PHASE[c.parent.kind] !== undefined) expect.fail(`phase ${String(c.status.phase)} of ${c.parent.kind} is not in BY_PHASE`)
  })
})
