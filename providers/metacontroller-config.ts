/**
 * The Metacontroller configuration, as data: every CompositeController and the
 * kustomize components that add each engine's child types to it. The YAML
 * under metacontroller/ is rendered from these objects by
 * test/contract/metacontroller.test.ts (`-u` rewrites it; CI fails on drift).
 *
 * Metacontroller refuses to run a controller whose child types are not all
 * installed, so engines are opt-in: each base controller lists only the types
 * that are always there (built-in kinds and our own CRDs), each engine's
 * component adds the types of its operator's API groups, and the monitoring
 * component adds the prometheus-operator types. The hook server reads the
 * enabled engines back from the controller object it is called with
 * (providers/database-cluster/enabled.ts).
 */
import { stringify } from 'yaml'
import type { Engine } from '../api/database-cluster.js'
import { CONTROLLERS, DECORATORS, type ControllerDef, type DecoratorControllerDef } from './controllers.js'
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

/** The controller the hook server reads the enabled engines from. */
export const ENGINE_CONTROLLER = 'databasecluster'
/** Our own API groups (dbaas.io, backup.dbaas.io): their CRDs are in manifests/base. */
const OWN_GROUP = 'dbaas.io'
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

/**
 * Whether a controller gets a finalize hook (served by its sync function, which
 * branches on `finalizing`). A finalize hook puts a finalizer on every parent,
 * so only controllers whose children hold data, and must be torn down in
 * order, get one.
 */
export function hasFinalize(def: ControllerDef): boolean {
  return def.childTypes().some((t) => t.stateful)
}

/** The hooks a controller has: sync; finalize when its children hold data; customize when defined. */
export function hooksOf(def: ControllerDef): HookName[] {
  const hooks: HookName[] = ['sync']
  if (hasFinalize(def)) hooks.push('finalize')
  if (def.customize !== undefined) hooks.push('customize')
  return hooks
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

/** The API groups of each engine's operator, from its provider's child types. */
export function engineGroups(providers: readonly EngineProvider[] = allProviders()): Map<string, Engine> {
  const groups = new Map<string, Engine>()
  for (const provider of providers) {
    for (const type of provider.childTypes) {
      const group = apiGroup(type.apiVersion)
      if (isAlwaysInstalled(type) || isMonitoring(type)) continue
      const other = groups.get(group)
      if (other !== undefined && other !== provider.engine) {
        throw new Error(`API group ${group} belongs to both ${other} and ${provider.engine}; kustomize cannot add its types from two components`)
      }
      groups.set(group, provider.engine)
    }
  }
  return groups
}

/** Built-in, or one of our own CRDs (installed by manifests/base): never needs a component. */
export function isAlwaysInstalled(type: Pick<ChildType, 'apiVersion'>): boolean {
  const group = apiGroup(type.apiVersion)
  return isBuiltIn(type) || group === OWN_GROUP || group.endsWith(`.${OWN_GROUP}`)
}

/** The component that adds `type`, or undefined for the base. */
export function componentOf(type: ChildType, groups: ReadonlyMap<string, Engine>): string | undefined {
  if (isAlwaysInstalled(type)) return undefined
  if (isMonitoring(type)) return MONITORING_COMPONENT
  const engine = groups.get(apiGroup(type.apiVersion))
  if (engine === undefined) throw new Error(`${type.kind} (${type.apiVersion}) belongs to no engine provider; it cannot be made opt-in`)
  return engine
}

/** A controller's child types, split into its base list and the types each component adds. */
export interface ControllerParts {
  base: ChildType[]
  components: Map<string, ChildType[]>
}

export function controllerParts(def: ControllerDef, providers: readonly EngineProvider[] = allProviders()): ControllerParts {
  const groups = engineGroups(providers)
  const parts: ControllerParts = { base: [], components: new Map() }
  for (const type of def.childTypes()) {
    const component = componentOf(type, groups)
    if (component === undefined) parts.base.push(type)
    else parts.components.set(component, [...(parts.components.get(component) ?? []), type])
  }
  return parts
}

/** Every component: one per engine, then monitoring. */
export function componentNames(providers: readonly EngineProvider[] = allProviders()): string[] {
  return [...providers.map((p) => p.engine), MONITORING_COMPONENT]
}

/** JSON 6902 operations appending child types to a controller. */
export function componentPatch(types: readonly ChildType[]): Record<string, unknown>[] {
  return types.map((type) => ({ op: 'add', path: '/spec/childResources/-', value: childResourceRule(type) }))
}

/** The patch file a component applies to one controller. */
export function componentPatchFile(def: ControllerDef): string {
  return `${def.name}.yaml`
}

/** The controllers a component patches, with the types it adds to each. */
export function componentPatches(component: string): { def: ControllerDef; types: ChildType[] }[] {
  return CONTROLLERS.map((def) => ({ def, types: controllerParts(def).components.get(component) ?? [] })).filter((p) => p.types.length > 0)
}

/** The decorators a component adds resources to (an engine's operator kinds), with those resources. */
export function decoratorPatches(component: string): { def: DecoratorControllerDef; resources: DecoratorControllerDef['resources'] }[] {
  return DECORATORS.map((def) => ({ def, resources: def.resources.filter((r) => r.engine === component) })).filter((p) => p.resources.length > 0)
}

export function componentKustomization(component: string): Record<string, unknown> {
  const [group = '', version = ''] = METACONTROLLER_API.split('/')
  return {
    apiVersion: KUSTOMIZE_COMPONENT_API,
    kind: 'Component',
    patches: [
      ...componentPatches(component).map(({ def }) => ({
        path: componentPatchFile(def),
        target: { group, version, kind: 'CompositeController', name: controllerObjectName(def) },
      })),
      ...decoratorPatches(component).map(({ def }) => ({
        path: `${def.name}.yaml`,
        target: { group, version, kind: 'DecoratorController', name: `dbaas-${def.name}` },
      })),
    ],
  }
}

function decoratorResource(def: DecoratorControllerDef, r: DecoratorControllerDef['resources'][number]): Record<string, unknown> {
  return { apiVersion: r.apiVersion, resource: r.resource, annotationSelector: { matchExpressions: [{ key: def.annotationSelector, operator: 'Exists' }] } }
}

/**
 * A DecoratorController. No finalize hook: it would put our finalizer on
 * objects we do not own (users' CNPG and Percona clusters, StatefulSets).
 */
export function decoratorController(def: DecoratorControllerDef): KObject {
  return {
    apiVersion: METACONTROLLER_API,
    kind: 'DecoratorController',
    metadata: { name: `dbaas-${def.name}` },
    spec: {
      resources: def.resources.filter((r) => r.engine === undefined).map((r) => decoratorResource(def, r)),
      attachments: def.attachmentTypes().map(childResourceRule),
      hooks: { sync: { version: 'v2', webhook: { service: { ...HOOK_SERVICE }, path: hookPath(def.name, 'sync'), timeout: HOOK_TIMEOUT, responseUnMarshallMode: 'strict' } } },
    },
  }
}

export const DECORATOR_FILE = 'decorator-controller.yaml'

export const CONTROLLER_FILE = 'composite-controller.yaml'

/** A generated file: path relative to the repository root, and its YAML documents. */
export interface GeneratedFile {
  path: string
  content: unknown
}

/** Everything under metacontroller/. */
export function metacontrollerFiles(): GeneratedFile[] {
  const files: GeneratedFile[] = [
    { path: 'metacontroller/kustomization.yaml', content: { apiVersion: KUSTOMIZE_API, kind: 'Kustomization', resources: [...CONTROLLERS.map((c) => c.name), ...DECORATORS.map((d) => d.name)] } },
  ]
  for (const def of DECORATORS) {
    files.push(
      { path: `metacontroller/${def.name}/kustomization.yaml`, content: { apiVersion: KUSTOMIZE_API, kind: 'Kustomization', resources: [DECORATOR_FILE] } },
      { path: `metacontroller/${def.name}/${DECORATOR_FILE}`, content: decoratorController(def) },
    )
  }
  for (const def of CONTROLLERS) {
    files.push(
      { path: `metacontroller/${def.name}/kustomization.yaml`, content: { apiVersion: KUSTOMIZE_API, kind: 'Kustomization', resources: [CONTROLLER_FILE] } },
      { path: `metacontroller/${def.name}/${CONTROLLER_FILE}`, content: compositeController(def, controllerParts(def).base) },
    )
  }
  for (const component of componentNames()) {
    files.push({ path: `metacontroller/components/${component}/kustomization.yaml`, content: componentKustomization(component) })
    for (const { def, types } of componentPatches(component)) {
      files.push({ path: `metacontroller/components/${component}/${componentPatchFile(def)}`, content: componentPatch(types) })
    }
    for (const { def, resources } of decoratorPatches(component)) {
      files.push({ path: `metacontroller/components/${component}/${def.name}.yaml`, content: resources.map((r) => ({ op: 'add', path: '/spec/resources/-', value: decoratorResource(def, r) })) })
    }
  }
  return files
}

export const GENERATED_HEADER =
  '# Generated by providers/metacontroller-config.ts. Do not edit.\n# Regenerate with: npx vitest run test/contract/metacontroller.test.ts -u\n'

/** The bytes of a generated YAML file. */
export function renderGeneratedYaml(content: unknown): string {
  return GENERATED_HEADER + stringify(content, { lineWidth: 0 })
}
