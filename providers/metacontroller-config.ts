/**
 * The Metacontroller configuration, as data: every CompositeController and the
 * kustomize components that add each engine's child types to it. The YAML
 * under metacontroller/ is rendered from these objects by
 * test/contract/metacontroller.test.ts (`-u` rewrites it; CI fails on drift).
 *
 * Metacontroller refuses to run a controller whose child types are not all
 * installed, so engines are opt-in: the base controller lists only the
 * built-in types (always installed), each engine's component adds its
 * operator's types, and the monitoring component adds the prometheus-operator
 * types. The hook server reads the enabled engines back from the controller
 * object it is called with (providers/database-cluster/enabled.ts).
 */
import { stringify } from 'yaml'
import type { Engine } from '../api/database-cluster.js'
import { CONTROLLERS, type ControllerDef } from './controllers.js'
import type { EngineProvider } from './database-cluster/engine-provider.js'
import { allProviders } from './database-cluster/registry.js'
import type { ChildType, KObject } from './shared/kube.js'

export const METACONTROLLER_API = 'metacontroller.k8s.io/v1alpha1'
export const KUSTOMIZE_API = 'kustomize.config.k8s.io/v1beta1'
export const KUSTOMIZE_COMPONENT_API = 'kustomize.config.k8s.io/v1alpha1'

/** Where Metacontroller reaches the hook server (manifests/base/service.yaml). */
export const HOOK_SERVICE = { name: 'dbaas-hooks', namespace: 'dbaas-system', port: 80 } as const
/** Go duration; well above what a hook call takes, and Metacontroller's own default. */
export const HOOK_TIMEOUT = '10s'

/** The controller whose child types are split into per-engine components. */
export const ENGINE_CONTROLLER = 'databasecluster'
/** The component holding the prometheus-operator types. */
export const MONITORING_COMPONENT = 'monitoring'
const MONITORING_GROUP = 'monitoring.coreos.com'

/** API groups served by every Kubernetes API server (no CRD needed). */
const BUILT_IN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'policy',
  'autoscaling',
  'rbac.authorization.k8s.io',
  'networking.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
])

export type HookName = 'sync' | 'finalize' | 'customize'

export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/')
  return slash < 0 ? '' : apiVersion.slice(0, slash)
}

export function isBuiltIn(type: Pick<ChildType, 'apiVersion'>): boolean {
  return BUILT_IN_GROUPS.has(apiGroup(type.apiVersion))
}

function isMonitoring(type: Pick<ChildType, 'apiVersion'>): boolean {
  return apiGroup(type.apiVersion) === MONITORING_GROUP
}

/** The CompositeController's object name. */
export function controllerObjectName(def: ControllerDef): string {
  return `dbaas-${def.name}`
}

/** The URL path the hook server serves a controller's hook on. */
export function hookPath(controller: string, hook: HookName): string {
  return `/hooks/${controller}/${hook}`
}

/** The hooks a controller has: sync and finalize always (sync branches on `finalizing`), customize when defined. */
export function hooksOf(def: ControllerDef): HookName[] {
  return def.customize === undefined ? ['sync', 'finalize'] : ['sync', 'finalize', 'customize']
}

function hook(def: ControllerDef, name: HookName): Record<string, unknown> {
  return {
    version: 'v2',
    webhook: {
      service: { ...HOOK_SERVICE },
      path: hookPath(def.name, name),
      timeout: HOOK_TIMEOUT,
      responseUnMarshallMode: 'strict',
    },
  }
}

/** One childResources entry: updated in place, never recreated (stateful children would lose data). */
export function childResourceRule(type: ChildType): Record<string, unknown> {
  return { apiVersion: type.apiVersion, resource: type.resource, updateStrategy: { method: 'InPlace' } }
}

export function compositeController(def: ControllerDef, childTypes: readonly ChildType[]): KObject {
  return {
    apiVersion: METACONTROLLER_API,
    kind: 'CompositeController',
    metadata: { name: controllerObjectName(def) },
    spec: {
      parentResource: { apiVersion: def.parent.apiVersion, resource: def.parent.resource },
      childResources: childTypes.map(childResourceRule),
      generateSelector: true,
      hooks: Object.fromEntries(hooksOf(def).map((name) => [name, hook(def, name)])),
    },
  }
}

export interface EngineTypes {
  engine: Engine
  types: ChildType[]
}

/** How the engine controller's child types are spread over its base and components. */
export interface ChildTypeSplit {
  /** Built-in types, in the base controller. */
  shared: ChildType[]
  /** Per engine, its operator's types (one component each). */
  engines: EngineTypes[]
  /** prometheus-operator types (the monitoring component). */
  monitoring: ChildType[]
}

function typeId(type: ChildType): string {
  return `${type.apiVersion}/${type.resource}`
}

function addUnique(list: ChildType[], type: ChildType): void {
  if (!list.some((t) => typeId(t) === typeId(type))) list.push(type)
}

export function splitChildTypes(providers: readonly EngineProvider[] = allProviders()): ChildTypeSplit {
  const shared: ChildType[] = []
  const monitoring: ChildType[] = []
  const owner = new Map<string, Engine>()
  const engines = providers.map((provider): EngineTypes => {
    const types: ChildType[] = []
    for (const type of provider.childTypes) {
      if (isBuiltIn(type)) addUnique(shared, type)
      else if (isMonitoring(type)) addUnique(monitoring, type)
      else {
        const other = owner.get(typeId(type))
        if (other !== undefined && other !== provider.engine) {
          throw new Error(`${type.kind} (${type.apiVersion}) is a child type of both ${other} and ${provider.engine}; kustomize cannot add it from two components`)
        }
        owner.set(typeId(type), provider.engine)
        addUnique(types, type)
      }
    }
    return { engine: provider.engine, types }
  })
  return { shared, engines, monitoring }
}

/** The child types a controller lists before any component is applied. */
export function baseChildTypes(def: ControllerDef): ChildType[] {
  return def.name === ENGINE_CONTROLLER ? splitChildTypes().shared : def.childTypes()
}

export interface ComponentDef {
  /** Directory name under metacontroller/components/. */
  name: string
  types: ChildType[]
}

/** Every component: one per engine, then monitoring. */
export function components(): ComponentDef[] {
  const split = splitChildTypes()
  return [...split.engines.map((e) => ({ name: e.engine, types: e.types })), { name: MONITORING_COMPONENT, types: split.monitoring }]
}

function engineController(): ControllerDef {
  const def = CONTROLLERS.find((c) => c.name === ENGINE_CONTROLLER)
  if (def === undefined) throw new Error(`no controller named ${ENGINE_CONTROLLER}`)
  return def
}

/** JSON 6902 operations appending a component's child types to the engine controller. */
export function componentPatch(types: readonly ChildType[]): Record<string, unknown>[] {
  return types.map((type) => ({ op: 'add', path: '/spec/childResources/-', value: childResourceRule(type) }))
}

export const COMPONENT_PATCH_FILE = 'child-resources.yaml'
export const CONTROLLER_FILE = 'composite-controller.yaml'

export function componentKustomization(): Record<string, unknown> {
  const [group = '', version = ''] = METACONTROLLER_API.split('/')
  return {
    apiVersion: KUSTOMIZE_COMPONENT_API,
    kind: 'Component',
    patches: [{ path: COMPONENT_PATCH_FILE, target: { group, version, kind: 'CompositeController', name: controllerObjectName(engineController()) } }],
  }
}

/** A generated file: path relative to the repository root, and its YAML documents. */
export interface GeneratedFile {
  path: string
  content: unknown
}

/** Everything under metacontroller/. */
export function metacontrollerFiles(): GeneratedFile[] {
  const files: GeneratedFile[] = [
    { path: 'metacontroller/kustomization.yaml', content: { apiVersion: KUSTOMIZE_API, kind: 'Kustomization', resources: CONTROLLERS.map((c) => c.name) } },
  ]
  for (const def of CONTROLLERS) {
    files.push(
      { path: `metacontroller/${def.name}/kustomization.yaml`, content: { apiVersion: KUSTOMIZE_API, kind: 'Kustomization', resources: [CONTROLLER_FILE] } },
      { path: `metacontroller/${def.name}/${CONTROLLER_FILE}`, content: compositeController(def, baseChildTypes(def)) },
    )
  }
  for (const component of components()) {
    files.push(
      { path: `metacontroller/components/${component.name}/kustomization.yaml`, content: componentKustomization() },
      { path: `metacontroller/components/${component.name}/${COMPONENT_PATCH_FILE}`, content: componentPatch(component.types) },
    )
  }
  return files
}

export const GENERATED_HEADER =
  '# Generated by providers/metacontroller-config.ts. Do not edit.\n# Regenerate with: npx vitest run test/contract/metacontroller.test.ts -u\n'

/** The bytes of a generated YAML file. */
export function renderGeneratedYaml(content: unknown): string {
  return GENERATED_HEADER + stringify(content, { lineWidth: 0 })
}
