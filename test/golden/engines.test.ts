/**
 * Every engine provider has its own golden suite: PostgreSQL's scenarios live
 * in databasecluster.test.ts, every other engine's in <engine>.test.ts with its
 * files under test/golden/<engine>/.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { allProviders } from '../../providers/database-cluster/registry.js'

const dir = import.meta.dirname

describe('golden engine suites', () => {
  const engines = allProviders().map((p) => p.engine).filter((e) => e !== 'postgresql')

  it.each(engines)('%s has a golden test file and scenarios', (engine) => {
    expect(fs.existsSync(path.join(dir, `${engine}.test.ts`))).toBe(true)
    const files = fs.readdirSync(path.join(dir, engine))
    const requests = files.filter((f) => f.endsWith('.request.yaml')).map((f) => f.replace('.request.yaml', ''))
    const responses = files.filter((f) => f.endsWith('.response.yaml')).map((f) => f.replace('.response.yaml', ''))
    expect(requests.length).toBeGreaterThanOrEqual(8)
    expect(responses.sort()).toEqual(requests.sort())
  })
})
