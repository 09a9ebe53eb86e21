/** The README's generated sections stay in step with the code, and its first lines stay true. */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { capabilityMatrix } from '../../api/capability-matrix.js'

const root = path.resolve(import.meta.dirname, '../..')
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8')
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }

describe('README', () => {
  it('carries the capability matrix generated from api/capabilities.ts', () => {
    const start = '<!-- capability-matrix:start (generated from api/capabilities.ts; a test keeps it in step) -->\n'
    const end = '<!-- capability-matrix:end -->'
    const between = readme.slice(readme.indexOf(start) + start.length, readme.indexOf(end))
    expect(readme.indexOf(start)).toBeGreaterThan(0)
    expect(between).toBe(capabilityMatrix())
  })

  it('opens with the run and test commands, and both are npm scripts', () => {
    const firstBlock = readme.split('```')[1] ?? ''
    expect(firstBlock).toContain('npm run render')
    expect(firstBlock).toContain('npm test')
    expect(pkg.scripts.render).toBeDefined()
    expect(pkg.scripts.test).toBe('vitest run')
  })
})
