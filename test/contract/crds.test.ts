/**
 * The CRD YAML under manifests/base/crds/ is generated from api/ by this test
 * (`npm run test:update` rewrites it; CI fails on drift), and every schema is
 * one the API server accepts: structural, every field described, CEL rules
 * that compile against the schema, printer columns that resolve.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { checkCrdRules } from '../../api/cel-check.js'
import { renderCrd } from '../../api/crd.js'
import { ALL_CRDS } from '../../api/crds.js'
import { structuralProblems } from './structural-schema.js'

const dir = path.resolve(import.meta.dirname, '../../manifests/base/crds')
const HEADER = '# Generated from api/ by test/contract/crds.test.ts; do not edit. Regenerate: npm run test:update\n'

type Node = Record<string, unknown>

const METADATA_COLUMNS: Record<string, Node> = {
  '.metadata.name': { type: 'string' },
  '.metadata.creationTimestamp': { type: 'string', format: 'date-time' },
}

/** One `[*]` or `[?(@.field=="value")]` step into an array's items, or why it cannot be taken. */
function indexStep(node: Node, step: string): Node | string {
  if (node.type !== 'array') return `${step} on a non-array`
  const items = node.items as Node
  if (step === '[*]') return items
  const filter = /^\[\?\(@\.(\w+)\s*==\s*"[^"]*"\)\]$/.exec(step)
  if (filter === null) return `unsupported step ${step}`
  return (items.properties as Record<string, Node> | undefined)?.[filter[1]!] === undefined ? `filter field ${filter[1]!} does not exist` : items
}

/** The schema node a printer column's JSONPath reaches, or a reason it reaches none. */
export function resolveColumn(schema: Node, jsonPath: string): Node | string {
  if (!jsonPath.startsWith('.')) return 'must start with a dot'
  const known = METADATA_COLUMNS[jsonPath]
  if (known !== undefined) return known
  let node: Node | string = schema
  for (const step of jsonPath.slice(1).match(/[^.[\]]+|\[[^\]]*\]/g) ?? []) {
    node = step.startsWith('[') ? indexStep(node, step) : ((node.properties as Record<string, Node> | undefined)?.[step] ?? `no field ${step}`)
    if (typeof node === 'string') return node
  }
  return node
}

const COLUMN_TYPES: Record<string, (node: Node) => boolean> = {
  string: (n) => n.type === 'string',
  integer: (n) => n.type === 'integer',
  number: (n) => n.type === 'number' || n.type === 'integer',
  boolean: (n) => n.type === 'boolean',
  date: (n) => n.type === 'string' && n.format === 'date-time',
}

describe('generated CRDs', () => {
  it('manifests/base/crds holds exactly the CRDs of api/crds.ts', () => {
    expect(fs.readdirSync(dir).sort()).toEqual(ALL_CRDS.map((c) => `${c.plural}.${c.group}.yaml`).sort())
  })

  for (const def of ALL_CRDS) {
    const crd = renderCrd(def)
    const versions = crd.spec.versions
    const version = versions[0]!
    const schema = version.schema?.openAPIV3Schema as unknown as Node
    const name = crd.metadata?.name ?? ''

    it(`${name} matches manifests/base/crds/`, async () => {
      await expect(HEADER + YAML.stringify(crd, { lineWidth: 0, aliasDuplicateObjects: false })).toMatchFileSnapshot(path.join(dir, `${name}.yaml`))
    })

    it(`${def.kind}: structural, every field described`, () => {
      expect(structuralProblems(schema)).toEqual([])
    })

    it(`${def.kind}: CEL rules compile against the schema, return bool, and sit where oldSelf is defined`, () => {
      expect(checkCrdRules(schema)).toEqual([])
    })

    it(`${def.kind}: names, one served storage version, status subresource with observedGeneration`, () => {
      expect(name).toBe(`${def.plural}.${def.group}`)
      expect(crd.spec.names).toMatchObject({ kind: def.kind, listKind: `${def.kind}List`, plural: def.plural, singular: def.kind.toLowerCase() })
      expect(crd.spec.names.shortNames?.length).toBeGreaterThan(0)
      expect(crd.spec.names.categories).toContain('dbaas')
      expect(versions.filter((v) => v.served && v.storage)).toHaveLength(1)
      expect(version.subresources).toEqual({ status: {} })
      const status = (schema.properties as Record<string, Node>).status!
      expect((status.properties as Record<string, Node>).observedGeneration).toMatchObject({ type: 'integer' })
      expect(schema.required).toContain('spec')
    })

    it(`${def.kind}: printer columns resolve to schema fields of their type`, () => {
      const columns = version.additionalPrinterColumns ?? []
      expect(columns.length).toBeGreaterThan(0)
      expect(new Set(columns.map((c) => c.name)).size).toBe(columns.length)
      for (const column of columns) {
        const target = resolveColumn(schema, column.jsonPath)
        expect(target, `${column.name}: ${column.jsonPath}`).toBeTypeOf('object')
        expect(COLUMN_TYPES[column.type]?.(target as Node), `${column.name} is ${column.type}`).toBe(true)
      }
    })
  }
})

describe('the lints catch what the API server refuses', () => {
  const described = (extra: Node) => ({ type: 'object', description: 'root', properties: { a: { description: 'a', ...extra } } })

  it.each<[string, Node, string]>([
    ['const', described({ const: 'x', type: 'string' }), '/a: const is not a keyword of JSONSchemaProps'],
    ['a $ref', described({ $ref: '#/definitions/x', type: 'string' }), '/a: $ref is not allowed in a structural schema'],
    ['definitions', { ...described({ type: 'string' }), definitions: {} }, ': definitions is not allowed in a structural schema'],
    ['patternProperties', described({ type: 'object', patternProperties: {} }), '/a: patternProperties is not allowed in a structural schema'],
    ['dependencies', described({ type: 'object', dependencies: {} }), '/a: dependencies is not allowed in a structural schema'],
    ['additionalItems', described({ type: 'array', items: { type: 'string' }, additionalItems: false }), '/a: additionalItems is not allowed in a structural schema'],
    ['uniqueItems', described({ type: 'array', items: { type: 'string' }, uniqueItems: true }), '/a: uniqueItems: true is not allowed'],
    ['additionalProperties: false', described({ type: 'object', additionalProperties: false }), '/a: additionalProperties: false is not allowed'],
    ['additionalProperties beside properties', described({ type: 'object', properties: {}, additionalProperties: { type: 'string' } }), '/a: additionalProperties and properties are mutually exclusive'],
    ['a node without a type', described({}), '/a: no type'],
    ['a TypeBox marker', described({ type: 'string', '~kind': 'String' }), '/a: hidden builder marker ~kind'],
    ['a field without a description', { type: 'object', description: 'root', properties: { a: { type: 'string' } } }, '/a: no description (kubectl explain shows nothing)'],
    ['a type inside anyOf', described({ type: 'string', anyOf: [{ type: 'string' }] }), '/a/anyOf: type is not allowed inside anyOf'],
    ['metadata restrictions beyond the name', { type: 'object', description: 'r', properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } } }, '/metadata: only name and generateName may be restricted, not labels'],
    ['a map list with an optional key', described({ type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['k'], items: { type: 'object', properties: { k: { type: 'string', description: 'k' } } } }), '/a: map key k must be required or have a default'],
    ['a default that does not validate', described({ type: 'integer', minimum: 1, default: 0 }), '/a: default does not validate: data must be >= 1'],
    ['an unknown format', described({ type: 'string', format: 'quantity' }), '/a: format quantity is not one the API server knows'],
  ])('structural: %s', (_name, schema, problem) => {
    expect(structuralProblems(schema)).toContain(problem)
  })

  it('accepts the int-or-string pattern without a type', () => {
    expect(structuralProblems(described({ 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }], pattern: '^x$' }))).toEqual([])
  })

  const rules = (node: Node, validations: Node[]) => ({ type: 'object', properties: { spec: { ...node, 'x-kubernetes-validations': validations } } })
  const spec = { type: 'object', properties: { size: { type: 'integer' }, storage: { type: 'string' } } }

  it.each<[string, Node, string]>([
    ['a misspelt field', rules(spec, [{ rule: 'self.sise > 0' }]), 'does not compile: No such key: sise'],
    ['a type error', rules(spec, [{ rule: "self.size == 'three'" }]), 'does not compile: no such overload: int == string'],
    ['a function the library lacks', rules(spec, [{ rule: 'quantity(self.storage).asInteger() > 0' }]), 'does not compile'],
    ['a rule that is not a predicate', rules(spec, [{ rule: 'self.size + 1' }]), 'evaluates to int, not bool'],
    ['oldSelf under an atomic list', { type: 'object', properties: { list: { type: 'array', items: { ...spec, 'x-kubernetes-validations': [{ rule: 'self.size == oldSelf.size' }] } } } }, 'uses oldSelf under a list that is not x-kubernetes-list-type: map, where old and new values cannot be correlated'],
    ['optionalOldSelf on a rule without oldSelf', rules(spec, [{ rule: 'self.size > 0', optionalOldSelf: true }]), 'optionalOldSelf is set but the rule does not use oldSelf'],
    ['a fieldPath to nowhere', rules(spec, [{ rule: 'self.size > 0', fieldPath: '.sizes' }]), 'fieldPath ".sizes" does not name a field of this node'],
    ['a multi-line message', rules(spec, [{ rule: 'self.size > 0', message: 'a\nb' }]), 'message must be a non-empty single line'],
  ])('CEL: %s', (_name, schema, problem) => {
    expect(checkCrdRules(schema).map((p) => p.problem).join('\n')).toContain(problem)
  })

  it('CEL: oldSelf is an optional where optionalOldSelf says so', () => {
    expect(checkCrdRules(rules(spec, [{ rule: '!oldSelf.hasValue() || self.size >= oldSelf.value().size', optionalOldSelf: true }]))).toEqual([])
    expect(checkCrdRules(rules(spec, [{ rule: 'self.size >= oldSelf.size', optionalOldSelf: true }])).length).toBe(1)
  })

  it('printer columns: missing fields and filters on missing fields are caught', () => {
    const schema = { type: 'object', properties: { status: { type: 'object', properties: { conditions: { type: 'array', items: { type: 'object', properties: { type: { type: 'string' } } } } } } } }
    expect(resolveColumn(schema, '.status.phase')).toBe('no field phase')
    expect(resolveColumn(schema, '.status.conditions[?(@.kind=="Ready")].status')).toBe('filter field kind does not exist')
    expect(resolveColumn(schema, '.status.conditions[?(@.type=="Ready")].status')).toBe('no field status')
  })
})
