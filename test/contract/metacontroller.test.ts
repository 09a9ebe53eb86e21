/**
 * The Metacontroller configuration under metacontroller/ is generated from
 * providers/metacontroller-config.ts. This test writes it (`-u`), fails on
 * drift, and checks it against the CompositeController CRD schema and against
 * what the hook server serves and the providers emit.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { buildApp } from '../../hooks/app.js'
import { CONTROLLERS, type ControllerDef } from '../../providers/controllers.js'
import { configFromController } from '../../providers/database-cluster/enabled.js'
import type { EngineProvider } from '../../providers/database-cluster/engine-provider.js'
import { allProviders } from '../../providers/database-cluster/registry.js'
import {
  ENGINE_CONTROLLER,
  HOOK_SERVICE,
  componentNames,
  componentPatchFile,
  controllerParts,
  engineGroups,
  hasFinalize,
  isAlwaysInstalled,
  metacontrollerFiles,
  renderGeneratedYaml,
} from '../../providers/metacontroller-config.js'
import { postgresqlProvider } from '../../providers/postgresql/provider.js'
import { DEFAULT_CONFIG, EPOCH } from '../../providers/shared/defaults.js'
import { typeKey, type ChildType, type KObject } from '../../providers/shared/kube.js'
import { close } from '../support/upstream-schemas.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv
const repoRoot = path.resolve(import.meta.dirname, '../..')
const shared = path.resolve(repoRoot, '../shared')

function compositeControllerValidator(): ValidateFunction {
  const crd = parse(readFileSync(path.join(shared, 'schemas/metacontroller/compositecontrollers.metacontroller.k8s.io.yaml'), 'utf8'))
  const schema = crd.spec.versions[0].schema.openAPIV3Schema as Record<string, unknown>
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats(ajv)
  // `timeout` is a Go duration ("10s"), not the ISO 8601 duration ajv-formats knows.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/)
  return ajv.compile(close(schema) as Record<string, unknown>)
}
const validateCc = compositeControllerValidator()

function errorsOf(obj: unknown): string[] {
  return validateCc(obj) ? [] : (validateCc.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}: ${e.message ?? ''} ${JSON.stringify(e.params)}`)
}

/** Applies a component's JSON 6902 "add to list end" operations, as kustomize does. */
function applyPatch(controller: KObject, ops: readonly Record<string, unknown>[]): KObject {
  const copy = structuredClone(controller)
  const spec = copy.spec as { childResources: unknown[] }
  for (const op of ops) {
    expect(op).toMatchObject({ op: 'add', path: '/spec/childResources/-' })
    spec.childResources.push(op.value)
  }
  return copy
}

interface Rule {
  apiVersion: string
  resource: string
  updateStrategy?: { method?: string }
}

function rulesOf(controller: KObject): Rule[] {
  return (controller.spec as { childResources: Rule[] }).childResources
}

const id = (t: { apiVersion: string; resource: string }): string => `${t.apiVersion}/${t.resource}`
const ids = (types: readonly { apiVersion: string; resource: string }[]): string[] => types.map(id).sort()

/** Whether the real hook server (hooks/app.ts) answers POST on `url`. */
const hookApp = buildApp({ logger: false, clock: () => EPOCH, config: DEFAULT_CONFIG }).app
afterAll(async () => {
  await hookApp.close()
})
const served = (url: string): boolean => hookApp.hasRoute({ method: 'POST', url })

function listYaml(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
    .map((e) => path.relative(repoRoot, path.join(e.parentPath, e.name)))
    .sort()
}

const engineDef = CONTROLLERS.find((c) => c.name === ENGINE_CONTROLLER)!
const generated = new Map(metacontrollerFiles().map((f) => [f.path, f.content]))

/** A controller as kustomize renders it with `components` applied, from the generated files. */
function controllerWith(def: ControllerDef, components: readonly string[]): KObject {
  const base = generated.get(`metacontroller/${def.name}/composite-controller.yaml`) as KObject
  return components.reduce((cc, name) => {
    const patch = generated.get(`metacontroller/components/${name}/${componentPatchFile(def)}`) as Record<string, unknown>[] | undefined
    return patch === undefined ? cc : applyPatch(cc, patch)
  }, base)
}

describe('generated metacontroller/ files', () => {
  it.each(metacontrollerFiles().map((f) => [f.path, f] as const))('%s matches its generator', async (_path, file) => {
    await expect(renderGeneratedYaml(file.content)).toMatchFileSnapshot(path.join(repoRoot, file.path))
  })

  it('metacontroller/ holds only generated files', () => {
    expect(listYaml(path.join(repoRoot, 'metacontroller'))).toEqual(metacontrollerFiles().map((f) => f.path).sort())
  })

  it('every generated file starts with the do-not-edit header and parses back to its content', () => {
    for (const file of metacontrollerFiles()) {
      const text = renderGeneratedYaml(file.content)
      expect(text.startsWith('# Generated by providers/metacontroller-config.ts. Do not edit.')).toBe(true)
      expect(parse(text)).toEqual(file.content)
    }
  })
})

describe('CompositeControllers', () => {
  const everything = (def: ControllerDef) => controllerWith(def, componentNames())
  const cases: [string, KObject][] = CONTROLLERS.flatMap((def): [string, KObject][] => [
    [`${def.name} (base)`, controllerWith(def, [])],
    [`${def.name} with every component`, everything(def)],
  ])

  it.each(cases)('%s validates against the closed CompositeController CRD schema', (_name, cc) => {
    expect(errorsOf(cc)).toEqual([])
  })

  it('the closed schema rejects a misspelled field and a bad update strategy', () => {
    const typo = structuredClone(everything(engineDef)) as unknown as { spec: Record<string, unknown> }
    typo.spec.generateSelectors = true
    expect(errorsOf(typo).join('\n')).toContain('"additionalProperty":"generateSelectors"')
    const bad = structuredClone(everything(engineDef))
    rulesOf(bad)[0]!.updateStrategy = { method: 'Sometimes' }
    expect(errorsOf(bad).join('\n')).toContain('enum')
  })

  it.each(cases)('%s: v2 hooks on served paths of the hook Service, generateSelector, InPlace children', (_name, cc) => {
    const spec = cc.spec as { generateSelector: boolean; parentResource: { apiVersion: string; resource: string }; hooks: Record<string, { version: string; webhook: { path: string; service: unknown; timeout: string; url?: string } }> }
    expect(spec.generateSelector).toBe(true)
    const def = CONTROLLERS.find((c) => `dbaas-${c.name}` === cc.metadata.name)!
    expect(spec.parentResource).toEqual({ apiVersion: def.parent.apiVersion, resource: def.parent.resource })
    expect(spec.hooks.sync).toBeDefined()
    expect(spec.hooks.customize !== undefined).toBe(def.customize !== undefined)
    for (const [hookName, hook] of Object.entries(spec.hooks)) {
      expect(hook.version).toBe('v2')
      expect(served(hook.webhook.path), hook.webhook.path).toBe(true)
      expect(hook.webhook.path).toBe(`/hooks/${def.name}/${hookName}`)
      expect(hook.webhook.service).toEqual(HOOK_SERVICE)
      expect(hook.webhook.url).toBeUndefined()
      expect(hook.webhook.timeout).toBe('10s')
    }
    for (const rule of rulesOf(cc)) expect(rule.updateStrategy).toEqual({ method: 'InPlace' })
  })

  it.each(CONTROLLERS.map((d) => [d.name, d] as const))('%s lists every child type it emits exactly once, once every component is applied', (_name, def) => {
    const listed = ids(rulesOf(everything(def)))
    expect(new Set(listed).size).toBe(listed.length)
    expect(listed).toEqual(ids(def.childTypes()))
  })

  it('the DatabaseCluster controller lists every type any engine provider emits', () => {
    const fromProviders = allProviders().flatMap((p) => p.childTypes)
    expect(ids(rulesOf(everything(engineDef)))).toEqual(expect.arrayContaining(ids(fromProviders)))
  })

  it.each(CONTROLLERS.map((d) => [d.name, d] as const))('%s: a finalize hook only where children hold data, and it lets the parent go once nothing is observed', (_name, def) => {
    const hooks = (controllerWith(def, []).spec as { hooks: Record<string, unknown> }).hooks
    expect(hooks.finalize !== undefined).toBe(def.childTypes().some((t) => t.stateful))
    if (!hasFinalize(def)) return
    const cc = everything(def)
    const parent: KObject = {
      apiVersion: def.parent.apiVersion,
      kind: def.parent.kind,
      metadata: { name: 'gone', namespace: 'team-a', uid: 'uid-gone', generation: 3, deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: [`metacontroller.io/compositecontroller-${cc.metadata.name}`] },
      spec: {},
      status: {},
    }
    const children = Object.fromEntries(def.childTypes().map((t) => [typeKey(t.apiVersion, t.kind), {}]))
    const response = def.sync({ controller: cc, parent, children, related: {}, finalizing: true }, { now: EPOCH, config: DEFAULT_CONFIG })
    expect(response.finalized).toBe(true)
    expect(response.children).toEqual([])
  })
})

describe('engine components', () => {
  const parts = controllerParts(engineDef)

  it('keep in every base only types that are always installed: built-in kinds and our own CRDs', () => {
    for (const def of CONTROLLERS) {
      for (const type of controllerParts(def).base) expect(isAlwaysInstalled(type), `${def.name}: ${type.kind}`).toBe(true)
    }
    expect(ids(parts.base)).toEqual(expect.arrayContaining(['v1/secrets']))
    for (const type of parts.base) expect(type.stateful).toBe(false)
  })

  it('put each engine operator’s types in its component and the PodMonitor in monitoring', () => {
    expect(componentNames()).toEqual([...allProviders().map((p) => p.engine), 'monitoring'])
    expect(ids(parts.components.get('monitoring') ?? [])).toEqual(['monitoring.coreos.com/v1/podmonitors'])
    expect(ids(parts.components.get('postgresql') ?? [])).toEqual(
      ['barmancloud.cnpg.io/v1/objectstores', 'postgresql.cnpg.io/v1/clusters', 'postgresql.cnpg.io/v1/poolers', 'postgresql.cnpg.io/v1/scheduledbackups'],
    )
    for (const provider of allProviders()) {
      const own = provider.childTypes.filter((t) => !isAlwaysInstalled(t) && t.kind !== 'PodMonitor')
      expect(ids(parts.components.get(provider.engine) ?? [])).toEqual(ids(own))
    }
  })

  it('each component turns on exactly its engine in the hook server, monitoring turns on PodMonitors', () => {
    const all = { ...DEFAULT_CONFIG, podMonitors: true }
    expect(configFromController(controllerWith(engineDef, []), all)).toMatchObject({ engines: [], podMonitors: false })
    for (const provider of allProviders()) {
      expect(configFromController(controllerWith(engineDef, [provider.engine]), all)).toMatchObject({ engines: [provider.engine], podMonitors: false })
      expect(configFromController(controllerWith(engineDef, [provider.engine, 'monitoring']), all)).toMatchObject({ engines: [provider.engine], podMonitors: true })
    }
  })

  it('refuses an API group claimed by two engines (kustomize would list its types twice)', () => {
    const twin: EngineProvider = { ...postgresqlProvider, engine: 'mysql' }
    expect(() => engineGroups([postgresqlProvider, twin])).toThrow(/belongs to both postgresql and mysql/)
  })

  it('lets engines share built-in and monitoring types', () => {
    const common: ChildType[] = postgresqlProvider.childTypes.filter((t) => t.kind === 'Secret' || t.kind === 'PodMonitor')
    const kafka: EngineProvider = { ...postgresqlProvider, engine: 'kafka', childTypes: [...common, { apiVersion: 'kafka.strimzi.io/v1', kind: 'Kafka', resource: 'kafkas', stateful: true, teardown: 2 }] }
    const groups = engineGroups([postgresqlProvider, kafka])
    expect(groups.get('kafka.strimzi.io')).toBe('kafka')
    expect(groups.get('postgresql.cnpg.io')).toBe('postgresql')
    expect(groups.has('')).toBe(false)
    expect(groups.has('monitoring.coreos.com')).toBe(false)
  })
})
