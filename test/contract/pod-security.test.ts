/** Every pod we create — backup runners and ops executors — passes the restricted Pod Security profile. */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import type { KObject } from '../../providers/shared/kube.js'
import { restrictedViolations } from '../support/pod-security.js'

const golden = path.resolve(import.meta.dirname, '../golden')

function podOwners(): { file: string; obj: KObject }[] {
  const out: { file: string; obj: KObject }[] = []
  for (const dir of ['databasebackup', 'opsrequest']) {
    for (const name of fs.readdirSync(path.join(golden, dir)).filter((f) => f.endsWith('.response.yaml'))) {
      const body = YAML.parse(fs.readFileSync(path.join(golden, dir, name), 'utf8')) as { children: KObject[] }
      for (const obj of body.children.filter((c) => c.kind === 'Deployment' || c.kind === 'Job')) out.push({ file: `${dir}/${name}`, obj })
    }
  }
  return out
}

describe('restricted Pod Security for every pod we create', () => {
  const owners = podOwners()

  it('finds runner Deployments and executor Jobs to check', () => {
    expect(owners.some((o) => o.obj.kind === 'Deployment')).toBe(true)
    expect(owners.some((o) => o.obj.kind === 'Job')).toBe(true)
  })

  for (const { file, obj } of owners) {
    it(`${file}: ${obj.kind} ${obj.metadata.name}`, () => {
      const pod = ((obj.spec as Record<string, unknown>).template as Record<string, unknown>).spec
      expect(restrictedViolations(pod)).toEqual([])
    })
  }

  it('the check itself catches a privileged pod', () => {
    expect(restrictedViolations({ containers: [{ name: 'c', image: 'i', securityContext: { privileged: true } }] }).length).toBeGreaterThan(0)
  })
})
