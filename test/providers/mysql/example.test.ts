import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseDocuments, renderDocuments } from '../../../cli/render.js'
import { CTX, condition } from '../../support/clusters.js'
import { expectValidChild } from '../../support/upstream-schemas.js'
import { pxcProblems } from './fixtures.js'

const file = path.resolve(import.meta.dirname, '../../../examples/mysql.yaml')

describe('examples/mysql.yaml', () => {
  const res = renderDocuments(parseDocuments(fs.readFileSync(file, 'utf8')), CTX)

  it('renders (as `dbaas render -f examples/mysql.yaml` does) to a valid PerconaXtraDBCluster the operator accepts, with the copied credentials', () => {
    expect(condition(res.status, 'SpecValid')).toMatchObject({ status: 'True' })
    expect(res.children.map((c) => `${c.kind}/${c.metadata.name}`)).toEqual(['PerconaXtraDBCluster/shop', 'Secret/shop-backup-credentials'])
    for (const child of res.children) expectValidChild(child)
    expect(pxcProblems(res.children)).toEqual([])
  })

  it('three nodes across zones behind HAProxy, backups with binlogs to the S3 location', () => {
    expect(res.children[0]!.spec).toMatchObject({
      pxc: { size: 3, image: 'percona/percona-xtradb-cluster:8.4.7-7.1', affinity: { antiAffinityTopologyKey: 'topology.kubernetes.io/zone' } },
      haproxy: { enabled: true, size: 2 },
      backup: { storages: { 'aws-eu': { s3: { bucket: 'acme-db-backups/prod/team-b/shop' } } }, pitr: { enabled: true, storageName: 'aws-eu' }, schedule: [{ name: 'nightly', retention: { count: 14 } }] },
    })
  })
})
