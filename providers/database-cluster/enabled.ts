/**
 * Which engines this installation can run, read from the CompositeController
 * that called us: Metacontroller only manages child types listed in its
 * childResources, and refuses to start if a listed type is not installed, so
 * the list is the truth. An engine is enabled when all its child types are
 * listed (and the operator configuration allows it).
 */
import { memoByKey, memoByObject } from '../shared/memo.js'
import type { OperatorConfig, ReconcileContext } from '../shared/context.js'
import type { KObject } from '../shared/kube.js'
import { field } from '../shared/observed.js'
import { allProviders } from './registry.js'

function listedTypes(controller: KObject): Set<string> | undefined {
  const rules = field(controller, 'spec', 'childResources')
  if (!Array.isArray(rules)) return undefined
  const listed = new Set<string>()
  for (const rule of rules) {
    const apiVersion = field(rule, 'apiVersion')
    const resource = field(rule, 'resource')
    if (typeof apiVersion === 'string' && typeof resource === 'string') listed.add(`${apiVersion}/${resource}`)
  }
  return listed
}

/**
 * The controller is the same in every call, so the configuration it implies
 * is remembered per operator configuration and listed types (the result is
 * never mutated; it is configuration).
 */
const derived = memoByObject((_config: OperatorConfig) => memoByKey<OperatorConfig>(64))

export function configFromController(controller: KObject, config: OperatorConfig): OperatorConfig {
  const listed = listedTypes(controller)
  if (listed === undefined) return config
  return derived(config)([...listed].join('\n'), () => deriveConfig(listed, config))
}

function deriveConfig(listed: Set<string>, config: OperatorConfig): OperatorConfig {
  const engines = allProviders()
    .filter((p) => p.childTypes.filter((t) => t.kind !== 'PodMonitor').every((t) => listed.has(`${t.apiVersion}/${t.resource}`)))
    .map((p) => p.engine)
    .filter((e) => config.engines.includes(e))
  return { ...config, engines, podMonitors: config.podMonitors && listed.has('monitoring.coreos.com/v1/podmonitors') }
}

export function contextFor(controller: KObject, ctx: ReconcileContext): ReconcileContext {
  return { ...ctx, config: configFromController(controller, ctx.config) }
}
