import { describe, expect, it } from 'vitest'
import { child, databaseCluster, sync } from '../../support/clusters.js'
import { problemsOf, spec } from './fixtures.js'

type Obj = Record<string, any>

describe('the re-implemented operator checks catch what the operator rejects (negative controls)', () => {
  const good = child(sync(databaseCluster('events', spec({ proxy: { enabled: true } }))), 'PerconaServerMongoDB')
  const mutate = (patch: (s: Obj) => void) => {
    const copy = structuredClone(good)
    patch(copy.spec as Obj)
    return problemsOf([copy])
  }

  it.each([
    ['an even replica set', (s: Obj) => (s.replsets[0].size = 4), /size 4 must be odd/],
    ['one member without the unsafe flag', (s: Obj) => (s.replsets[0].size = 1), /size 1 must be odd and at least 3/],
    ['TLS mode in mongod.conf', (s: Obj) => (s.replsets[0].configuration = 'net:\n  tls:\n    mode: disabled\n'), /spec.tls.mode/],
    ['the shared users Secret', (s: Obj) => delete s.secrets, /per cluster/],
    ['sharding without mongos', (s: Obj) => delete s.sharding.mongos, /mongos should be specified/],
    ['autoscaling without volume scaling (CEL)', (s: Obj) => (s.storageScaling = { enableVolumeScaling: false, autoscaling: { enabled: true } }), /storageScaling/],
    ['a misspelt field (closed schema)', (s: Obj) => (s.replsets[0].sizee = 3), /sizee/],
  ])('%s', (_name, patch, message) => {
    expect(mutate(patch).join('\n')).toMatch(message)
  })

  it('a Restore with a point in time in the wrong format (the CRD\'s CEL rule) or without a source', () => {
    const restore = { apiVersion: 'psmdb.percona.com/v1', kind: 'PerconaServerMongoDBRestore', metadata: { name: 'r', namespace: 'team-a' }, spec: { clusterName: 'events', pitr: { type: 'date', date: '2026-07-01T12:00:00Z' } } }
    expect(problemsOf([restore]).join('\n')).toMatch(/YYYY-MM-DD HH:MM:SS[\s\S]*one of backupName or backupSource/)
  })
})
