/** The closed-world validator itself: it accepts real manifests and catches what a plain check misses. */
import { describe, expect, it } from 'vitest'
import { hasSchema, validateChild } from '../support/upstream-schemas.js'

const CLUSTER = {
  apiVersion: 'postgresql.cnpg.io/v1',
  kind: 'Cluster',
  metadata: { name: 'pg1', namespace: 'db', labels: { app: 'pg' } },
  spec: { instances: 3, imageName: 'ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie', storage: { size: '20Gi', storageClass: 'standard' }, postgresql: { parameters: { max_connections: '200' } }, bootstrap: { initdb: { database: 'app', owner: 'app' } } },
}

describe('closed-world validation against ../shared/schemas', () => {
  it('knows every kind we emit', () => {
    for (const [v, k] of [['postgresql.cnpg.io/v1', 'Cluster'], ['barmancloud.cnpg.io/v1', 'ObjectStore'], ['psmdb.percona.com/v1', 'PerconaServerMongoDB'], ['pxc.percona.com/v1', 'PerconaXtraDBCluster'], ['kafka.strimzi.io/v1', 'KafkaNodePool'], ['monitoring.coreos.com/v1', 'PodMonitor'], ['apps/v1', 'Deployment'], ['batch/v1', 'Job'], ['rbac.authorization.k8s.io/v1', 'Role']]) {
      expect(hasSchema(v!, k!), `${v} ${k}`).toBe(true)
    }
  })

  it('accepts the CNPG Cluster from the research notes', () => {
    expect(validateChild(CLUSTER)).toEqual([])
  })

  it.each([
    ['a misspelt field', { ...CLUSTER, spec: { ...CLUSTER.spec, storage: { sizee: '20Gi' } } }, /additional properties \(sizee\)/],
    ['a string where an integer belongs', { ...CLUSTER, spec: { ...CLUSTER.spec, instances: '3' } }, /instances must be integer/],
    ['an unknown top-level field', { ...CLUSTER, specs: {} }, /\(specs\)/],
    ['a bad label value', { ...CLUSTER, metadata: { ...CLUSTER.metadata, labels: { app: 'not valid!' } } }, /not a valid label value/],
    ['an unknown metadata field', { ...CLUSTER, metadata: { ...CLUSTER.metadata, lables: {} } }, /metadata.*\(lables\)/],
  ])('rejects %s', (_name, obj, message) => {
    expect(validateChild(obj).join('\n')).toMatch(message)
  })

  it('validates core kinds, and refuses a kind it has no schema for', () => {
    expect(validateChild({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', data: { a: 'YQ==' } })).toEqual([])
    expect(validateChild({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } })).toEqual([])
    expect(() => validateChild({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'x' } })).toThrow(/no upstream schema/)
  })
})
