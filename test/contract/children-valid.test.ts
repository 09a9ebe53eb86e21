/**
 * Every object any hook emits in any golden scenario — and every object an
 * executor plan creates or applies — validates against its upstream schema
 * with unknown fields rejected (ours against our own CRD schemas, defaulted,
 * with their CEL rules).
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import type { KObject } from '../../providers/shared/kube.js'
import { hasSchema, validateChild } from '../support/upstream-schemas.js'

const goldenDir = path.resolve(import.meta.dirname, '../golden')

function responses(): { file: string; children: KObject[] }[] {
  const found: { file: string; children: KObject[] }[] = []
  for (const dir of fs.readdirSync(goldenDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const name of fs.readdirSync(path.join(goldenDir, dir.name)).filter((f) => f.endsWith('.response.yaml'))) {
      const body = YAML.parse(fs.readFileSync(path.join(goldenDir, dir.name, name), 'utf8')) as { children?: KObject[]; attachments?: KObject[] }
      found.push({ file: `${dir.name}/${name}`, children: body.children ?? body.attachments ?? [] })
    }
  }
  return found
}

/** Objects executor plans create or server-side apply. */
function planned(children: KObject[]): KObject[] {
  return children
    .filter((c) => c.kind === 'ConfigMap' && typeof (c.data as Record<string, string> | undefined)?.['plan.json'] === 'string')
    .flatMap((c) => (JSON.parse((c.data as Record<string, string>)['plan.json']!) as { steps: { action: string; object?: KObject }[] }).steps)
    .filter((s) => s.action === 'create' && s.object !== undefined)
    .map((s) => s.object as KObject)
}

describe('every emitted object validates against its schema', () => {
  const all = responses()

  it('there are golden responses to check', () => {
    expect(all.length).toBeGreaterThan(50)
  })

  for (const { file, children } of all) {
    it(file, () => {
      const objects = [...children, ...planned(children)]
      for (const obj of objects) {
        expect(hasSchema(obj.apiVersion, obj.kind), `${obj.kind} has a schema`).toBe(true)
        expect(validateChild(obj), `${obj.kind} ${obj.metadata.name}`).toEqual([])
      }
    })
  }
})
