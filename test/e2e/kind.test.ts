/**
 * test/e2e/kind.sh cannot run here (no Docker engine, no cluster), so it is
 * checked by reading: bash syntax, shellcheck (required in CI), every path of
 * this repository it names exists, every YAML heredoc parses and the objects
 * of ours in them pass `dbaas validate`, and the condition types and phases it
 * waits for are ones our controllers set.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { OPS_PHASES } from '../../api/ops-request.js'
import { parseStream, validateText } from '../../cli/validate.js'

const root = path.resolve(import.meta.dirname, '../..')
const script = path.join(root, 'test/e2e/kind.sh')
const text = fs.readFileSync(script, 'utf8')

/** The bodies of the script's heredocs, with shell variables replaced by a plausible value. */
function heredocs(): { delimiter: string; body: string }[] {
  const out: { delimiter: string; body: string }[] = []
  for (const m of text.matchAll(/<<-?\s*(['"]?)(\w+)\1\n([\s\S]*?)\n\2\n/g)) {
    const body = (m[3] ?? '').replace(/\$\{\w+[^}]*\}/g, 'e2e').replace(/\$\w+/g, 'e2e')
    out.push({ delimiter: m[2] ?? '', body: `${body}\n` })
  }
  return out
}

function hasShellcheck(): boolean {
  return spawnSync('shellcheck', ['--version']).status === 0
}

describe('test/e2e/kind.sh', () => {
  it('is executable bash with strict mode', () => {
    expect(text.startsWith('#!/usr/bin/env bash\n')).toBe(true)
    expect(text).toMatch(/^set -euo pipefail$/m)
    expect(fs.statSync(script).mode & 0o111).not.toBe(0)
    execFileSync('bash', ['-n', script])
  })

  it('passes shellcheck (required when CI=true)', (ctx) => {
    if (!hasShellcheck()) {
      if (process.env.CI === 'true') throw new Error('shellcheck is not installed: CI must install it (apt-get install shellcheck)')
      ctx.skip()
    }
    const r = spawnSync('shellcheck', ['--severity=style', script], { encoding: 'utf8' })
    expect(r.stdout + r.stderr).toBe('')
    expect(r.status).toBe(0)
  })

  it('names only paths of this repository that exist', () => {
    const named = [...new Set(text.match(/\b(?:manifests|examples|metacontroller|cli)\/[\w./-]*\w/g) ?? [])].filter((p) => !p.includes('metacontroller/manifests'))
    expect(named).toEqual(expect.arrayContaining(['manifests/overlays/postgresql-only', 'examples/postgresql-seed.yaml', 'cli/main.ts']))
    for (const p of named) expect(fs.existsSync(path.join(root, p)), p).toBe(true)
  })

  it('its temporary overlay reaches manifests/overlays/postgresql-only from test/e2e/.work.*/overlay', () => {
    const relative = /resources:\n\s+- (\S+postgresql-only)/.exec(text)?.[1] ?? ''
    expect(path.resolve(root, 'test/e2e/.work.x/overlay', relative)).toBe(path.join(root, 'manifests/overlays/postgresql-only'))
    expect(text).toMatch(/WORK=\$\(mktemp -d "\$ROOT\/test\/e2e\/\.work\.XXXXXX"\)/)
  })

  it('has YAML heredocs that parse, and the objects of ours in them pass dbaas validate', () => {
    const docs = heredocs()
    expect(docs.length).toBeGreaterThanOrEqual(8)
    const validated: string[] = []
    for (const { body } of docs) {
      expect(parseStream(body).filter((d) => d.error !== undefined), body).toEqual([])
      const result = validateText('kind.sh', body, { strict: false, unknownFields: 'error' })
      expect(result.problems, body).toEqual([])
      for (const d of parseStream(body)) {
        const v = d.value as { kind?: string; apiVersion?: string }
        if (v.apiVersion?.includes('dbaas.io') === true) validated.push(v.kind ?? '')
      }
    }
    expect(validated.sort()).toEqual(['DatabaseBackupStorageClass', 'DatabaseCluster', 'DatabaseCluster', 'OpsRequest', 'OpsRequest'])
  })

  it('waits only for conditions and phases our controllers set', () => {
    const conditions = [...text.matchAll(/--for=condition=(\w+)/g)].map((m) => m[1])
    expect(new Set(conditions)).toEqual(new Set(['Available', 'Established', 'Ready']))
    const status = fs.readFileSync(path.join(root, 'providers/database-cluster/status.ts'), 'utf8')
    expect(status).toContain("type: 'Ready'")
    const phases = /case "\$phase" in([\s\S]*?)esac/.exec(text)?.[1] ?? ''
    const named = [...phases.matchAll(/^\s+([A-Z][\w |]*)\)/gm)].flatMap((m) => (m[1] ?? '').split('|').map((s) => s.trim()))
    expect(named.sort()).toEqual(['Aborted', 'Cancelled', 'Failed', 'Succeeded'])
    for (const phase of named) expect(OPS_PHASES).toContain(phase)
  })

  it('cleans up with a trap unless KEEP=1', () => {
    expect(text).toMatch(/^trap cleanup EXIT$/m)
    expect(text).toContain('kind delete cluster --name "$CLUSTER"')
    expect(text).toContain('"${KEEP:-0}" == "1"')
  })
})
