/** Building the hook app for a test, posting to it, fake controllers and captured logs. */
import { Writable } from 'node:stream'
import type { LightMyRequestResponse } from 'fastify'
import { Registry } from 'prom-client'
import { type AppDeps, type HookApp, buildApp } from '../../hooks/app.js'
import { createLogger } from '../../hooks/logger.js'
import type { CompositeControllerDef } from '../../providers/controllers.js'
import { DEFAULT_CONFIG, EPOCH } from '../../providers/shared/defaults.js'
import { SEED_SPEC, databaseCluster, syncRequest } from '../support/clusters.js'

/** The seed example as Metacontroller sends it on the first sync: namespace team-a, a uid, no children yet. */
export const SEED_REQUEST = syncRequest(databaseCluster('postgresql-demo', SEED_SPEC))

const built: HookApp[] = []

/** A fresh app: fixed clock, silent logger, fresh registry. Close them all with closeApps(). */
export function makeApp(extra: Partial<AppDeps> = {}): HookApp {
  const hook = buildApp({ logger: false, clock: () => EPOCH, config: DEFAULT_CONFIG, registry: new Registry(), ...extra })
  built.push(hook)
  return hook
}

export async function closeApps(): Promise<void> {
  await Promise.all(built.splice(0).map((h) => h.app.close()))
}

export function post(hook: HookApp, url: string, payload: unknown): Promise<LightMyRequestResponse> {
  return hook.app.inject({ method: 'POST', url, payload: typeof payload === 'string' ? payload : JSON.stringify(payload), headers: { 'content-type': 'application/json' } })
}

export function fakeController(name: string, sync: CompositeControllerDef['sync'], customize?: CompositeControllerDef['customize']): CompositeControllerDef {
  return { name, type: 'composite', parent: { apiVersion: 'x.io/v1', resource: 'xs', kind: 'X' }, childTypes: () => [], sync, ...(customize === undefined ? {} : { customize }) }
}

/** A logger configured as the server's (labels, ISO time, redaction) writing into an array of parsed lines. */
export function capturedLogger(level = 'info'): { logger: ReturnType<typeof createLogger>; lines: Record<string, unknown>[]; raw: string[] } {
  const raw: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(chunk.toString())
      done()
    },
  })
  const logger = createLogger({ level }, sink)
  return {
    logger,
    raw,
    get lines() {
      return raw.join('').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>)
    },
  }
}
