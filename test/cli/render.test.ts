import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { buildProgram } from '../../cli/program.js'

const root = path.resolve(import.meta.dirname, '../..')

async function run(...args: string[]): Promise<string> {
  let out = ''
  await buildProgram((text) => (out += text)).exitOverride().parseAsync(['node', 'dbaas', ...args])
  return out
}

describe('dbaas render', () => {
  it('renders the built-in seed example to a CNPG Cluster with 3 instances, 10Gi, max_connections 200', async () => {
    const docs = YAML.parseAllDocuments(await run('render', '--now', '2026-01-01T00:00:00Z')).map((d) => d.toJS())
    expect(docs).toHaveLength(1)
    expect(docs[0]).toMatchObject({ kind: 'Cluster', spec: { instances: 3, storage: { size: '10Gi' }, postgresql: { parameters: { max_connections: '200' } } } })
  })

  it('prints the status as a comment after the children', async () => {
    const out = await run('render', '--now', '2026-01-01T00:00:00Z')
    expect(out).toMatch(/^# status:\n# {3}observedGeneration: 1$/m)
  })

  it('uses the related objects in the same file (storage class, credentials)', async () => {
    const out = await run('render', '-f', path.join(root, 'examples/postgresql-production.yaml'), '-o', 'json', '--now', '2026-01-01T00:00:00Z')
    const response = JSON.parse(out)
    expect(response.children.map((c: { kind: string }) => c.kind).sort()).toEqual(['Cluster', 'ObjectStore', 'PodMonitor', 'PodMonitor', 'Pooler', 'ScheduledBackup', 'Secret'])
    expect(response.status.conditions.find((c: { type: string }) => c.type === 'SpecValid').status).toBe('True')
  })

  it('runs as a command (npm run render) and fails with a message and exit code 1 on bad input', () => {
    const tsx = path.join(root, 'node_modules/.bin/tsx')
    const ok = execFileSync(tsx, ['cli/main.ts', 'render', '--now', '2026-01-01T00:00:00Z'], { cwd: root, encoding: 'utf8' })
    expect(ok).toContain('kind: Cluster')
    expect(() => execFileSync(tsx, ['cli/main.ts', 'render', '-f', 'package.json'], { cwd: root, encoding: 'utf8', stdio: 'pipe' })).toThrow(/no DatabaseCluster in the input/)
  })
})

describe('dbaas explain', () => {
  it('prints the capability matrix', async () => {
    const out = await run('explain')
    expect(out).toContain('| OpsRequest Switchover | yes | no | no | no |')
  })

  it('explains one engine with its versions, newest first as the default', async () => {
    const out = await run('explain', 'postgresql')
    expect(out).toContain('versions:        18 (default), 17, 16, 15')
    expect(out).toContain('operations:      Start, Stop, Restart')
  })

  it('refuses an unknown engine', async () => {
    await expect(run('explain', 'oracle')).rejects.toThrow(/unknown engine oracle/)
  })
})
