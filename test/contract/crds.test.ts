/**
 * The CRD YAML under manifests/base/crds/ is generated from api/ by this test
 * (`npm run test:update` rewrites it; CI fails on drift), and every schema is
 * one the API server accepts: structural, described, printer columns valid.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { renderCrd } from '../../api/crd.js'
import { ALL_CRDS } from '../../api/crds.js'

const dir = path.resolve(import.meta.dirname, '../../manifests/base/crds')
const HEADER = '# Generated from api/ by test/contract/crds.test.ts; do not edit. Regenerate: npm run test:update\n'

type Node = Record<string, unknown>

const FORBIDDEN = ['$ref', 'definitions', 'patternProperties', 'dependencies', 'additionalItems', 'const']

/** Structural-schema problems, with the path of each (kubernetes apiextensions validation rules). */
export function structuralProblems(node: Node, at = '', underIntOrString = false): string[] {
  const out: string[] = []
  for (const key of Object.keys(node)) {
    if (FORBIDDEN.includes(key)) out.push(`${at}: ${key} is not allowed`)
    if (key.startsWith('~')) out.push(`${at}: hidden marker ${key}`)
  }
  if (node.uniqueItems === true) out.push(`${at}: uniqueItems: true is not allowed`)
  if (node.additionalProperties === false) out.push(`${at}: additionalProperties: false is not allowed`)
  if (node.additionalProperties !== undefined && node.properties !== undefined) out.push(`${at}: additionalProperties with properties`)
  const intOrString = node['x-kubernetes-int-or-string'] === true
  if (node.type === undefined && !intOrString && node['x-kubernetes-preserve-unknown-fields'] !== true && !underIntOrString) out.push(`${at}: no type`)
  if (at !== '' && node.type !== undefined && typeof node.description !== 'string' && !underIntOrString && !at.endsWith('/items') && !at.endsWith('/additionalProperties')) out.push(`${at}: no description`)
  for (const [key, value] of Object.entries((node.properties ?? {}) as Record<string, Node>)) out.push(...structuralProblems(value, `${at}/${key}`))
  if (typeof node.items === 'object') out.push(...structuralProblems(node.items as Node, `${at}/items`))
  if (typeof node.additionalProperties === 'object') out.push(...structuralProblems(node.additionalProperties as Node, `${at}/additionalProperties`))
  for (const branch of (node.anyOf ?? []) as Node[]) out.push(...structuralProblems(branch, `${at}/anyOf`, intOrString))
  return out
}

function resolvePath(schema: Node, jsonPath: string): boolean {
  const parts = jsonPath.replace(/\[\?\(.*?\)\]|\[\*\]/g, '').split('.').filter((p) => p !== '')
  let node: Node | undefined = schema
  for (const part of parts) {
    if (node?.type === 'array') node = node.items as Node
    if (part === 'metadata') return true
    node = (node?.properties as Record<string, Node> | undefined)?.[part]
    if (node === undefined) return false
  }
  return true
}

describe('generated CRDs', () => {
  for (const def of ALL_CRDS) {
    const crd = renderCrd(def)
    const version = crd.spec.versions[0]!
    const schema = version.schema?.openAPIV3Schema as unknown as Node

    it(`${crd.metadata?.name ?? ''} matches manifests/base/crds/`, async () => {
      await expect(HEADER + YAML.stringify(crd, { lineWidth: 0, aliasDuplicateObjects: false })).toMatchFileSnapshot(path.join(dir, `${crd.metadata?.name ?? ''}.yaml`))
    })

    it(`${def.kind}: structural, every field described`, () => {
      expect(structuralProblems(schema)).toEqual([])
    })

    it(`${def.kind}: status subresource, observedGeneration, short names, dbaas category, printer columns that resolve`, () => {
      expect(version.subresources).toEqual({ status: {} })
      expect((schema.properties as Record<string, Node>).status?.properties).toHaveProperty('observedGeneration')
      expect(crd.spec.names.shortNames?.length).toBeGreaterThan(0)
      expect(crd.spec.names.categories).toEqual(['dbaas'])
      for (const column of version.additionalPrinterColumns ?? []) expect(resolvePath(schema, column.jsonPath), column.jsonPath).toBe(true)
    })
  }

  it('the lint catches what the API server refuses', () => {
    expect(structuralProblems({ type: 'object', properties: { a: { const: 'x', description: 'x' } } })).toEqual(['/a: const is not allowed', '/a: no type'])
    expect(structuralProblems({ type: 'object', properties: { m: { type: 'object', description: 'm', patternProperties: {} } } })).toEqual(['/m: patternProperties is not allowed'])
    expect(structuralProblems({ type: 'object', properties: { u: { type: 'string' } } })).toEqual(['/u: no description'])
  })
})
