/**
 * Every metric name (and its label names) that can be used in an alert or a
 * panel: read from the real registries of the hook server and the runner,
 * from the kube-state-metrics configuration we ship, and Prometheus' `up`,
 * with the target labels our ServiceMonitor and PodMonitor give each job.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Registry } from 'prom-client'
import { parse } from 'yaml'
import { buildApp } from '../../hooks/app.js'
import { DEFAULT_CONFIG, EPOCH } from '../../providers/shared/defaults.js'
import { RunnerMetrics } from '../../runner/metrics.js'

export const repoRoot = path.resolve(import.meta.dirname, '../..')
export const KSM_CONFIG = path.join(repoRoot, 'monitoring/kube-state-metrics/custom-resource-state.yaml')
export const KIT = path.join(repoRoot, 'manifests/components/monitoring-kit')

export type Catalog = Map<string, Set<string>>

/** Labels Prometheus adds to every series of a ServiceMonitor / PodMonitor target. */
const SERVICE_MONITOR_TARGET = ['job', 'instance', 'namespace', 'service', 'pod', 'container', 'endpoint']
const POD_MONITOR_TARGET = ['job', 'instance', 'namespace', 'pod', 'container', 'endpoint']
/** kube-state-metrics' own scrape (honorLabels keeps the series' namespace). */
const KSM_TARGET = ['job', 'instance']
const KSM_COMMON = ['customresource_group', 'customresource_version', 'customresource_kind']

type Any = any

function add(catalog: Catalog, name: string, labels: Iterable<string>): void {
  if (catalog.has(name)) throw new Error(`metric ${name} is defined twice`)
  catalog.set(name, new Set(labels))
}

/** The series names a registry exposes: histograms as _bucket (+le), _sum and _count; summaries as the name (+quantile), _sum and _count. */
export function fromRegistry(registry: Registry, targetLabels: string[]): Catalog {
  const catalog: Catalog = new Map()
  for (const metric of registry.getMetricsAsArray()) {
    const labels = [...((metric as unknown as { labelNames?: string[] }).labelNames ?? []), ...targetLabels]
    const type = String(metric.type)
    if (type === 'histogram') {
      add(catalog, `${metric.name}_bucket`, [...labels, 'le'])
      add(catalog, `${metric.name}_sum`, labels)
      add(catalog, `${metric.name}_count`, labels)
    } else if (type === 'summary') {
      add(catalog, metric.name, [...labels, 'quantile'])
      add(catalog, `${metric.name}_sum`, labels)
      add(catalog, `${metric.name}_count`, labels)
    } else {
      add(catalog, metric.name, labels)
    }
  }
  return catalog
}

export function hookRegistry(): Registry {
  return buildApp({ logger: false, clock: () => EPOCH, config: DEFAULT_CONFIG, registry: new Registry() }).registry
}

export function runnerRegistry(): Registry {
  const registry = new Registry()
  new RunnerMetrics(registry)
  return registry
}

export function ksmConfig(): Any {
  return parse(readFileSync(KSM_CONFIG, 'utf8'))
}

/** kube-state-metrics' metric name: `<metricNamePrefix>_<name>`, the prefix being `kube_customresource` unless set ("" means none). */
export function ksmMetricName(prefix: string | undefined, name: string): string {
  const p = prefix ?? 'kube_customresource'
  return p === '' ? name : `${p}_${name}`
}

/** The metrics our kube-state-metrics configuration produces, with their labels. */
export function fromKsm(config: Any): Catalog {
  const catalog: Catalog = new Map()
  for (const resource of config.spec.resources) {
    const resourceLabels = [...Object.keys(resource.labelsFromPath ?? {}), ...Object.keys(resource.commonLabels ?? {})]
    for (const metric of resource.metrics) {
      const each = metric.each
      const body = each[String(each.type).charAt(0).toLowerCase() + String(each.type).slice(1)] ?? {}
      const labels = [
        ...resourceLabels,
        ...Object.keys(metric.labelsFromPath ?? {}),
        ...Object.keys(metric.commonLabels ?? {}),
        ...Object.keys(body.labelsFromPath ?? {}),
        ...(body.labelName === undefined ? [] : [body.labelName]),
        ...(body.labelFromKey === undefined ? [] : [body.labelFromKey]),
        ...KSM_COMMON,
        ...KSM_TARGET,
      ]
      if (labels.some((l) => l.includes('*'))) throw new Error(`${metric.name}: wildcard labels cannot be checked`)
      add(catalog, ksmMetricName(resource.metricNamePrefix, metric.name), labels)
    }
  }
  return catalog
}

/** Extra target labels a monitor's relabelings create. */
export function relabelTargets(endpoint: Any): string[] {
  return (endpoint.relabelings ?? []).map((r: Any) => r.targetLabel).filter((l: unknown): l is string => typeof l === 'string')
}

export interface Known {
  catalog: Catalog
  /** Which source each metric came from, for messages. */
  source: Map<string, string>
}

/** Everything, given the rendered ServiceMonitor and PodMonitor (for their relabelings). */
export function knownMetrics(serviceMonitor: Any, podMonitor: Any): Known {
  const hookTargets = [...SERVICE_MONITOR_TARGET, ...serviceMonitor.spec.endpoints.flatMap(relabelTargets)]
  const runnerTargets = [...POD_MONITOR_TARGET, ...podMonitor.spec.podMetricsEndpoints.flatMap(relabelTargets)]
  const parts: [string, Catalog][] = [
    ['hook server registry', fromRegistry(hookRegistry(), hookTargets)],
    ['runner registry', fromRegistry(runnerRegistry(), runnerTargets)],
    ['kube-state-metrics config', fromKsm(ksmConfig())],
    ['Prometheus', new Map([['up', new Set([...hookTargets, ...runnerTargets])]])],
  ]
  const catalog: Catalog = new Map()
  const source = new Map<string, string>()
  for (const [from, part] of parts) {
    for (const [name, labels] of part) {
      const existing = catalog.get(name)
      // Both registries carry the default process_/nodejs_ metrics: same names, each job's target labels.
      if (existing === undefined) catalog.set(name, new Set(labels))
      else for (const l of labels) existing.add(l)
      source.set(name, source.has(name) ? `${source.get(name) ?? ''}, ${from}` : from)
    }
  }
  return { catalog, source }
}
