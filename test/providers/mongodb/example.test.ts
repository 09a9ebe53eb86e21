import fs from 'node:fs'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { parseDocuments, renderDocuments } from '../../../cli/render.js'
import { CTX, condition } from '../../support/clusters.js'
import { problemsOf } from './fixtures.js'

const root = path.resolve(import.meta.dirname, '../../..')
const file = path.join(root, 'examples/mongodb.yaml')

describe('examples/mongodb.yaml', () => {
  const res = renderDocuments(parseDocuments(fs.readFileSync(file, 'utf8')), CTX)

  it('renders to a sharded PerconaServerMongoDB with PMM, zone spreading and PBM backups, plus the copied credentials', () => {
    expect(condition(res.status, 'SpecValid')).toMatchObject({ status: 'True' })
    expect(res.children.map((c) => `${c.kind}/${c.metadata.name}`)).toEqual(['PerconaServerMongoDB/events', 'Secret/events-backup-credentials'])
    expect(res.children[0]!.spec).toMatchObject({
      replsets: [{ size: 3, affinity: { antiAffinityTopologyKey: 'topology.kubernetes.io/zone' } }],
      sharding: { enabled: true, mongos: { size: 2 }, configsvrReplSet: { size: 3 } },
      pmm: { enabled: true, serverHost: 'pmm-server.monitoring.svc' },
      backup: { pitr: { enabled: true }, storages: { 'aws-eu': { s3: { bucket: 'acme-db-backups', prefix: 'prod/team-c/events' } } } },
    })
    expect(problemsOf(res.children)).toEqual([])
  })

  it('`dbaas render -f examples/mongodb.yaml` prints the same objects', () => {
    const out = execFileSync(path.join(root, 'node_modules/.bin/tsx'), ['cli/main.ts', 'render', '-f', 'examples/mongodb.yaml', '--now', CTX.now], { cwd: root, encoding: 'utf8' })
    const docs = YAML.parseAllDocuments(out).map((d) => d.toJS())
    expect(docs).toEqual(res.children)
  })
})
