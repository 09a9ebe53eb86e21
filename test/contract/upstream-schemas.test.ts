/** The closed-world validator itself: it accepts real manifests and catches what a plain schema check misses. */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { SCHEMAS_DIR, close, hasSchema, validateChild } from '../support/upstream-schemas.js'

type Obj = Record<string, any>

const docs = path.resolve(SCHEMAS_DIR, '../docs/child-operators.md')

/** The YAML block of one section of ../shared/docs/child-operators.md, as objects. */
function section(heading: string): Obj[] {
  const text = fs.readFileSync(docs, 'utf8')
  const start = text.indexOf(heading)
  const block = /```yaml\n([\s\S]*?)```/.exec(text.slice(start))
  if (start < 0 || block === null) throw new Error(`no YAML under ${heading}`)
  return YAML.parseAllDocuments(block[1]!).map((d) => d.toJS() as Obj)
}

const EXAMPLE = section('### 1a. Example')
const CLUSTER = EXAMPLE.find((o) => o.kind === 'Cluster' && o.metadata.name === 'pg1')!

function withSpec(patch: Obj): Obj {
  return { ...CLUSTER, spec: { ...CLUSTER.spec, ...patch } }
}

function withMetadata(patch: Obj): Obj {
  return { ...CLUSTER, metadata: { ...CLUSTER.metadata, ...patch } }
}

const DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'hooks', namespace: 'dbaas-system', labels: { 'app.kubernetes.io/name': 'dbaas-operator' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { 'app.kubernetes.io/name': 'dbaas-operator' } },
    template: {
      metadata: { labels: { 'app.kubernetes.io/name': 'dbaas-operator' } },
      spec: { containers: [{ name: 'hooks', image: 'ghcr.io/example/dbaas:1.0.0', ports: [{ containerPort: 8080, name: 'http' }], resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
    },
  },
}

const SECRET = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'db' }, type: 'Opaque', data: { password: 'c2VjcmV0' } }

describe('the schema index', () => {
  it('loads every schema file under its apiVersion and kind', () => {
    const folders = ['cnpg', 'psmdb', 'pxc', 'ps', 'strimzi', 'monitoring', 'k8s']
    let files = 0
    for (const folder of folders) {
      for (const name of fs.readdirSync(path.join(SCHEMAS_DIR, folder)).filter((f) => f.endsWith('.json'))) {
        const gvk = JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, folder, name), 'utf8'))['x-kubernetes-group-version-kind'][0]
        expect(hasSchema(gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`, gvk.kind), `${folder}/${name}`).toBe(true)
        files += 1
      }
    }
    expect(files).toBe(36)
  })

  it('derives core apiVersions from the k8s files', () => {
    expect(hasSchema('v1', 'Secret')).toBe(true)
    expect(hasSchema('apps/v1', 'Deployment')).toBe(true)
    expect(hasSchema('rbac.authorization.k8s.io/v1', 'RoleBinding')).toBe(true)
    expect(hasSchema('networking.k8s.io/v1', 'NetworkPolicy')).toBe(true)
    expect(hasSchema('v1', 'Deployment')).toBe(false)
  })

  it('refuses a kind it has no schema for', () => {
    expect(() => validateChild({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'x' } })).toThrow(/no upstream schema for example.com\/v1\|Thing/)
  })
})

describe('closing a schema', () => {
  it('closes object nodes with properties, in definitions too, and leaves open ones and junctor branches alone', () => {
    const closed = close({
      type: 'object',
      properties: {
        a: { type: 'object', properties: { b: { type: 'string' } } },
        kept: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { c: { type: 'string' } } },
        map: { type: 'object', additionalProperties: { type: 'object', properties: { d: { type: 'string' } } } },
        list: { type: 'array', items: { type: 'object', properties: { e: { type: 'string' } }, oneOf: [{ properties: { e: {} }, required: ['e'] }] } },
      },
      definitions: { X: { type: 'object', properties: { f: { type: 'string' } } } },
    }) as Obj
    expect(closed.additionalProperties).toBe(false)
    expect(closed.properties.a.additionalProperties).toBe(false)
    expect(closed.properties.kept.additionalProperties).toBeUndefined()
    expect(closed.properties.map.additionalProperties.additionalProperties).toBe(false)
    expect(closed.properties.list.items.additionalProperties).toBe(false)
    expect(closed.properties.list.items.oneOf[0]).toEqual({ properties: { e: {} }, required: ['e'] })
    expect(closed.definitions.X.additionalProperties).toBe(false)
  })

  it('never treats a field called "properties" as a schema keyword', () => {
    const closed = close({ type: 'object', properties: { properties: { type: 'object', properties: { x: { type: 'string' } } } } }) as Obj
    expect(Object.keys(closed.properties)).toEqual(['properties'])
    expect(closed.properties.properties.additionalProperties).toBe(false)
  })
})

describe('closed-world validation against ../shared/schemas', () => {
  it('accepts every object of the CloudNativePG example (child-operators.md, 1a)', () => {
    expect(EXAMPLE.length).toBeGreaterThanOrEqual(9)
    for (const obj of EXAMPLE) expect(validateChild(obj), `${obj.kind} ${obj.metadata.name}`).toEqual([])
  })

  it('accepts a Deployment and a Secret', () => {
    expect(validateChild(DEPLOYMENT)).toEqual([])
    expect(validateChild(SECRET)).toEqual([])
  })

  it.each([
    ['a misspelt field', withSpec({ storage: { sizee: '20Gi' } }), 'spec.storage: unknown field "sizee"'],
    ['a string where an integer belongs', withSpec({ instances: '3' }), 'spec.instances: must be integer'],
    ['an unknown top-level field', { ...CLUSTER, specs: {} }, '(root): unknown field "specs"'],
    ['a value outside an enum', withSpec({ primaryUpdateStrategy: 'sometimes' }), 'spec.primaryUpdateStrategy: must be one of: unsupervised, supervised'],
    ['a bad label value', withMetadata({ labels: { app: 'not valid!' } }), 'metadata.labels.app: "not valid!" is not a valid label value'],
    ['a bad label key', withMetadata({ labels: { 'a/b/c': 'x' } }), 'metadata.labels: key "a/b/c" is not a qualified name'],
    ['a label value longer than 63', withMetadata({ labels: { app: 'x'.repeat(64) } }), `metadata.labels.app: "${'x'.repeat(64)}" is not a valid label value`],
    ['an unknown metadata field', withMetadata({ lables: {} }), 'metadata: unknown field "lables"'],
    ['a name that is not a DNS subdomain', withMetadata({ name: 'PG_1' }), 'metadata.name: "PG_1" must be a DNS-1123 subdomain (a-z, 0-9, -, ., at most 253)'],
    ['no name', withMetadata({ name: undefined }), 'metadata.name: required (or generateName)'],
  ])('rejects %s', (_name, obj, message) => {
    expect(validateChild(obj)).toContain(message)
  })

  it('checks core kinds closely too: base64 Secret data, Service names, pod template labels, selectors', () => {
    expect(validateChild({ ...SECRET, data: { password: 'not base64!' } })).toContain('data.password: must be a valid byte')
    expect(validateChild({ apiVersion: 'v1', kind: 'Service', metadata: { name: '1pg' }, spec: { ports: [{ port: 5432 }] } })).toContain('metadata.name: "1pg" must be a DNS-1035 label (a-z, 0-9, -, starting with a letter, at most 63)')
    const template = { ...DEPLOYMENT.spec.template, metadata: { labels: { app: 'bad value' } } }
    expect(validateChild({ ...DEPLOYMENT, spec: { ...DEPLOYMENT.spec, template } })).toContain('spec.template.metadata.labels.app: "bad value" is not a valid label value')
    expect(validateChild({ ...DEPLOYMENT, spec: { ...DEPLOYMENT.spec, replica: 2 } })).toContain('spec: unknown field "replica"')
    expect(validateChild({ ...DEPLOYMENT, spec: { ...DEPLOYMENT.spec, selector: { matchLabels: { '-x': 'y' } } } })).toContain('spec.selector.matchLabels: key "-x" is not a qualified name')
  })

  it('keeps oneOf branches open: a Strimzi container env var is a name with a value or a valueFrom', () => {
    const pool = (env: Obj[]) => ({
      apiVersion: 'kafka.strimzi.io/v1',
      kind: 'KafkaNodePool',
      metadata: { name: 'dual', namespace: 'db', labels: { 'strimzi.io/cluster': 'kafka1' } },
      spec: { replicas: 3, roles: ['controller', 'broker'], storage: { type: 'persistent-claim', size: '10Gi' }, template: { kafkaContainer: { env } } },
    })
    expect(validateChild(pool([{ name: 'A', value: '1' }, { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }]))).toEqual([])
    expect(validateChild(pool([{ name: 'A', value: '1', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }])).join('\n')).toMatch(/must match exactly one schema in oneOf/)
  })
})

describe('our own kinds', () => {
  const cluster = { apiVersion: 'dbaas.io/v1alpha1', kind: 'DatabaseCluster', metadata: { name: 'pg', namespace: 'db' }, spec: { engine: 'postgresql', storage: '10Gi' } }

  it('are validated closed, with defaults applied first', () => {
    expect(validateChild(cluster)).toEqual([])
    expect(validateChild({ ...cluster, spec: { ...cluster.spec, clustersize: 3 } })).toContain('spec: unknown field "clustersize"')
  })

  it('have their CEL rules evaluated', () => {
    expect(validateChild({ ...cluster, spec: { ...cluster.spec, engine: 'kafka', stopped: true } })).toContain('spec.stopped: kafka: cannot be stopped: Strimzi 1.2 (KRaft) has no way to pause it')
  })
})
