/**
 * The monitoring kit uses only metrics that exist: every metric and label in
 * an alert or a dashboard panel is checked against the real registries of the
 * hook server and the runner, the kube-state-metrics configuration (whose
 * paths are checked against our CRD schemas) and `up`. The kit renders with
 * the real kustomize, its monitors validate against the prometheus-operator
 * schemas and select what they should, the rules pass `promtool check rules`
 * (required in CI), and every alert has its runbook section.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse, parseAllDocuments, stringify } from 'yaml'
import { openApiSchema } from '../../api/crd.js'
import { ALL_CRDS } from '../../api/crds.js'
import type { KObject } from '../../providers/shared/kube.js'
import { validateChild } from '../support/upstream-schemas.js'
import { KIT, type Known, fromKsm, ksmConfig, ksmMetricName, knownMetrics, repoRoot } from './known-metrics.js'
import { type PromqlUse, analyse, substituteGrafanaVariables } from './promql.js'

type Any = any

const DASHBOARD_FILE = path.join(repoRoot, 'monitoring/dashboards/dbaas-operator.json')
const RUNBOOK = path.join(repoRoot, 'monitoring/runbook.md')

function kustomize(dir: string): KObject[] {
  const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 30_000 })
  if (result.error !== undefined && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('kubectl is not installed: these tests need `kubectl kustomize` (kubectl with embedded kustomize v5, e.g. /usr/bin/kubectl)')
  }
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${result.stderr}`)
  return parseAllDocuments(result.stdout).map((d) => d.toJSON() as KObject).filter((o) => o !== null)
}

const kit = kustomize(KIT)
function only(objects: KObject[], kind: string): Any {
  const found = objects.filter((o) => o.kind === kind)
  expect(found.map((o) => o.metadata.name), kind).toHaveLength(1)
  return found[0]
}
const rule = only(kit, 'PrometheusRule')
const serviceMonitor = only(kit, 'ServiceMonitor')
const podMonitor = only(kit, 'PodMonitor')
const dashboardMap = only(kit, 'ConfigMap')
const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8'))
const alerts: Any[] = rule.spec.groups.flatMap((g: Any) => g.rules)
const known: Known = knownMetrics(serviceMonitor, podMonitor)

interface Use {
  where: string
  expr: string
  use: PromqlUse
  /** Label names the text around the query refers to ($labels.x, {{x}}). */
  templated: string[]
}

function templateLabels(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((m) => m[1]!)
}

function allPanels(panels: Any[]): Any[] {
  return panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])])
}

const LABEL_VALUES = /^label_values\((.+),\s*([A-Za-z_][A-Za-z0-9_]*)\)$/

function uses(): Use[] {
  const out: Use[] = []
  for (const a of alerts) {
    const text = Object.values(a.annotations ?? {}).join('\n')
    out.push({ where: `alert ${a.alert}`, expr: a.expr, use: analyse(a.expr), templated: templateLabels(text, /\$labels\.([A-Za-z_][A-Za-z0-9_]*)/g) })
  }
  for (const p of allPanels(dashboard.panels)) {
    for (const t of p.targets ?? []) {
      out.push({ where: `panel "${p.title}" ${t.refId}`, expr: t.expr, use: analyse(substituteGrafanaVariables(t.expr)), templated: templateLabels(t.legendFormat ?? '', /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g) })
    }
  }
  for (const v of dashboard.templating.list.filter((x: Any) => x.type === 'query')) {
    const query = typeof v.query === 'string' ? v.query : v.query.query
    const m = LABEL_VALUES.exec(query)
    if (m === null) throw new Error(`variable ${v.name}: only label_values(selector, label) queries are checked, got ${query}`)
    const use = analyse(m[1]!)
    out.push({ where: `variable ${v.name}`, expr: query, use: { ...use, grouping: [...use.grouping, m[2]!] }, templated: [] })
  }
  return out
}
const allUses = uses()

describe('PromQL reading', () => {
  it('takes metric names from selectors only, never functions, keywords, durations, strings or label values', () => {
    const use = analyse('histogram_quantile(0.99, sum by (le, controller) (rate(a_bucket{job="rate", code=~"5.."}[5m] offset 1h))) > 1 and on (namespace) label_replace(up, "dst", "$1", "src", "(.*)") unless time() - max_over_time(b[1d:5m])')
    expect(use.selectors).toEqual([
      { metric: 'a_bucket', labels: ['job', 'code'] },
      { metric: 'up', labels: [] },
      { metric: 'b', labels: [] },
    ])
    expect(use.grouping).toEqual(['le', 'controller', 'namespace'])
  })

  it('refuses what does not parse', () => {
    expect(() => analyse('sum(rate(x[5m])')).toThrow(/syntax error/)
    expect(() => analyse('rate(x[$__rate_interval])')).toThrow(/syntax error/)
    expect(analyse(substituteGrafanaVariables('rate(x{namespace=~"$namespace"}[$__rate_interval])')).selectors).toEqual([{ metric: 'x', labels: ['namespace'] }])
  })
})

describe('every metric and label used exists', () => {
  it('collects the real registries, histograms expanded, and the kube-state-metrics names', () => {
    const names = [...known.catalog.keys()]
    expect(names).toEqual(expect.arrayContaining(['dbaas_hook_requests_total', 'dbaas_reconcile_errors_total', 'dbaas_reconcile_time_seconds_bucket', 'dbaas_reconcile_time_seconds_sum', 'dbaas_hook_children_count', 'dbaas_backup_last_success_timestamp_seconds', 'dbaas_backup_stored', 'process_resident_memory_bytes', 'process_cpu_seconds_total', 'up']))
    expect(names).not.toContain('dbaas_reconcile_time_seconds')
    expect(known.catalog.get('dbaas_reconcile_time_seconds_bucket')).toEqual(new Set(['controller', 'hook', 'le', 'job', 'instance', 'namespace', 'service', 'pod', 'container', 'endpoint']))
    expect(known.catalog.get('dbaas_backup_stored')).toContain('databasebackup')
    expect(names.filter((n) => n.startsWith('kube_customresource_')).length).toBe(fromKsm(ksmConfig()).size)
  })

  it('names kube-state-metrics series as kube-state-metrics does: kube_customresource_ unless metricNamePrefix says otherwise', () => {
    expect(ksmMetricName(undefined, 'opsrequest_status_phase')).toBe('kube_customresource_opsrequest_status_phase')
    expect(ksmMetricName('myteam_foos', 'uptime')).toBe('myteam_foos_uptime')
    expect(ksmMetricName('', 'uptime')).toBe('uptime')
    expect(ksmConfig().spec.resources.map((r: Any) => r.metricNamePrefix)).toEqual([undefined, undefined, undefined])
  })

  it.each(allUses.map((u) => [u.where, u] as const))('%s: metric names', (_where, u) => {
    const unknown = u.use.selectors.map((s) => s.metric).filter((m) => !known.catalog.has(m))
    expect(unknown, u.expr).toEqual([])
    expect(u.use.selectors.length, u.expr).toBeGreaterThan(0)
  })

  it.each(allUses.map((u) => [u.where, u] as const))('%s: label names', (_where, u) => {
    const problems: string[] = []
    const union = new Set<string>()
    for (const s of u.use.selectors) {
      const labels = known.catalog.get(s.metric) ?? new Set<string>()
      for (const l of labels) union.add(l)
      for (const l of s.labels) if (!labels.has(l)) problems.push(`${s.metric} has no label ${l}`)
    }
    for (const l of [...u.use.grouping, ...u.templated]) if (!union.has(l)) problems.push(`no metric of the query has label ${l}`)
    expect(problems, u.expr).toEqual([])
  })

  it('uses both registries and kube-state-metrics somewhere (the kit covers hooks, backups and objects)', () => {
    const used = new Set(allUses.flatMap((u) => u.use.selectors.map((s) => s.metric)))
    const sources = new Set([...used].map((m) => known.source.get(m)))
    expect([...sources].join(' | ')).toMatch(/hook server registry/)
    expect([...sources].join(' | ')).toMatch(/runner registry/)
    expect([...sources].join(' | ')).toMatch(/kube-state-metrics config/)
  })
})

describe('kube-state-metrics configuration', () => {
  const config = ksmConfig()
  const crdOf = (group: string, kind: string) => ALL_CRDS.find((c) => c.group === group && c.kind === kind)

  /** The schema node at `path` below `node`, stepping into array items; undefined when the path is not in the schema. */
  function at(node: Any, p: string[]): Any {
    let cur = node
    for (const seg of p) {
      if (cur?.type === 'array') cur = cur.items
      cur = cur?.properties?.[seg]
      if (cur === undefined) return undefined
    }
    return cur
  }
  const METADATA = new Set(['name', 'namespace', 'labels', 'annotations', 'uid'])
  function resolve(schema: Any, p: string[]): Any {
    if (p[0] === 'metadata') return p.length === 2 && METADATA.has(p[1]!) ? { type: 'string' } : undefined
    return at(schema, p)
  }
  const numeric = (n: Any) => ['integer', 'number', 'boolean'].includes(n?.type) || (n?.type === 'string' && n.format === 'date-time')

  it('is the documented CustomResourceStateMetrics format, for our kinds at their served version', () => {
    expect(config.kind).toBe('CustomResourceStateMetrics')
    for (const r of config.spec.resources) {
      expect(crdOf(r.groupVersionKind.group, r.groupVersionKind.kind), `${r.groupVersionKind.group} ${r.groupVersionKind.kind}`).toBeDefined()
      expect(r.groupVersionKind.version).toBe('v1alpha1')
      for (const m of r.metrics) {
        expect(['Gauge', 'StateSet', 'Info']).toContain(m.each.type)
        expect(Object.keys(m.each).sort()).toEqual(['type', m.each.type === 'StateSet' ? 'stateSet' : m.each.type.toLowerCase()].sort())
        expect(m.help, m.name).toBeTruthy()
      }
    }
  })

  const bodyOf = (m: Any): Any => m.each[m.each.type === 'StateSet' ? 'stateSet' : m.each.type.toLowerCase()]

  /** Problems with one metric's paths, value and states, against the kind's schema. */
  function metricProblems(schema: Any, m: Any): string[] {
    const body = bodyOf(m)
    const base: string[] = body.path ?? []
    const node = base.length === 0 ? schema : resolve(schema, base)
    if (node === undefined) return [`${m.name}: no field ${base.join('.')}`]
    const element = node.type === 'array' ? node.items : node
    const problems: string[] = []
    for (const [label, p] of Object.entries((body.labelsFromPath ?? {}) as Record<string, string[]>)) {
      const found = base.length === 0 ? resolve(schema, p) : at(element, p)
      if (found === undefined) problems.push(`${m.name} label ${label}: no field ${[...base, ...p].join('.')}`)
    }
    return [...problems, ...valueProblems(m, base, element)]
  }

  /** A Gauge's value must be numeric; a StateSet's list must be the field's enum. */
  function valueProblems(m: Any, base: string[], element: Any): string[] {
    const body = bodyOf(m)
    if (m.each.type === 'Gauge') {
      const valueFrom: string[] = body.valueFrom ?? []
      return numeric(at(element, valueFrom)) ? [] : [`${m.name}: ${[...base, ...valueFrom].join('.')} is not a number, boolean or date-time`]
    }
    if (m.each.type === 'StateSet' && JSON.stringify(body.list) !== JSON.stringify(element.enum)) return [`${m.name}: list ${JSON.stringify(body.list)} is not the enum ${JSON.stringify(element.enum)}`]
    return []
  }

  it('reads only fields our CRD schemas have, numbers from numbers, booleans or RFC 3339 times, and phases from their enum', () => {
    const problems: string[] = []
    for (const r of config.spec.resources) {
      const schema = openApiSchema(crdOf(r.groupVersionKind.group, r.groupVersionKind.kind)!)
      for (const [label, p] of Object.entries(r.labelsFromPath as Record<string, string[]>)) if (resolve(schema, p) === undefined) problems.push(`${r.groupVersionKind.kind} label ${label}: no field ${p.join('.')}`)
      for (const m of r.metrics) problems.push(...metricProblems(schema, m))
    }
    expect(problems).toEqual([])
  })
})

describe('the kit renders and validates', () => {
  it('renders the component alone and on top of the base install, every object in dbaas-system and part of dbaas-operator', () => {
    expect(kit.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'PodMonitor', 'PrometheusRule', 'ServiceMonitor'])
    const installed = kustomize(path.join(import.meta.dirname, 'fixture'))
    for (const kind of ['ConfigMap', 'PodMonitor', 'PrometheusRule', 'ServiceMonitor']) expect(installed.filter((o) => o.kind === kind)).toHaveLength(1)
    for (const o of kit) {
      expect(o.metadata.namespace, `${o.kind} ${o.metadata.name}`).toBe('dbaas-system')
      expect(o.metadata.labels?.['app.kubernetes.io/part-of'], `${o.kind} ${o.metadata.name}`).toBe('dbaas-operator')
    }
  })

  it('validates the ServiceMonitor and PodMonitor against the prometheus-operator schemas, unknown fields rejected', () => {
    expect(validateChild(serviceMonitor)).toEqual([])
    expect(validateChild(podMonitor)).toEqual([])
  })

  it('points the ServiceMonitor at the hook server Service and its named port', () => {
    const base = kustomize(path.join(import.meta.dirname, 'fixture'))
    const services = base.filter((o) => o.kind === 'Service' && Object.entries(serviceMonitor.spec.selector.matchLabels as Record<string, string>).every(([k, v]) => o.metadata.labels?.[k] === v))
    expect(services.map((s) => s.metadata.name)).toEqual(['dbaas-hooks'])
    expect(serviceMonitor.spec.namespaceSelector.matchNames).toEqual([services[0]!.metadata.namespace])
    const ports = (services[0] as Any).spec.ports.map((p: Any) => p.name)
    for (const e of serviceMonitor.spec.endpoints) expect(ports).toContain(e.port)
  })

  it('selects the runner pods the DatabaseBackup controller emits, on their metrics port, and names the DatabaseBackup', () => {
    const dir = path.join(repoRoot, 'test/golden/databasebackup')
    const deployments = readdirSync(dir)
      .filter((f) => f.endsWith('.response.yaml'))
      .flatMap((f): Any[] => {
        const response: Any = parse(readFileSync(path.join(dir, f), 'utf8'))
        return (response.children ?? []).filter((c: Any) => c.kind === 'Deployment')
      })
    expect(deployments.length).toBeGreaterThan(0)
    for (const d of deployments) {
      const pod = d.spec.template
      for (const [k, v] of Object.entries(podMonitor.spec.selector.matchLabels as Record<string, string>)) expect(pod.metadata.labels[k], k).toBe(v)
      for (const e of podMonitor.spec.selector.matchExpressions) expect(pod.metadata.labels[e.key], e.key).toBeDefined()
      expect(pod.metadata.labels[podMonitor.spec.jobLabel]).toBe('backup-runner')
      const ports = pod.spec.containers.flatMap((c: Any) => (c.ports ?? []).map((p: Any) => p.name))
      for (const e of podMonitor.spec.podMetricsEndpoints) expect(ports).toContain(e.port)
    }
    const relabel = podMonitor.spec.podMetricsEndpoints[0].relabelings.find((r: Any) => r.targetLabel === 'databasebackup')
    expect(relabel.sourceLabels).toEqual(['__meta_kubernetes_pod_label_backup_dbaas_io_backup'])
    expect(deployments[0].spec.template.metadata.labels['backup.dbaas.io/backup']).toBeTruthy()
    expect(serviceMonitor.spec.jobLabel).toBeUndefined() // job is the Service name, as the alerts expect
    expect(allUses.some((u) => u.expr.includes('job="dbaas-hooks"'))).toBe(true)
    expect(allUses.some((u) => u.expr.includes('job="backup-runner"'))).toBe(true)
  })

  it('generates the dashboard ConfigMap from the one JSON file, labelled for the Grafana sidecar', () => {
    expect(dashboardMap.metadata.labels.grafana_dashboard).toBe('1')
    expect(Object.keys(dashboardMap.data)).toEqual(['dbaas-operator.json'])
    expect(dashboardMap.data['dbaas-operator.json']).toBe(readFileSync(DASHBOARD_FILE, 'utf8'))
    const jsonFiles = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? jsonFiles(path.join(dir, e.name)) : e.name.endsWith('.json') ? [path.join(dir, e.name)] : []))
    expect(jsonFiles(KIT)).toEqual([])
    expect(dashboard.uid).toBe('dbaas-operator')
    const titles = dashboard.panels.filter((p: Any) => p.type === 'row').map((p: Any) => p.title)
    expect(titles).toEqual(['Hook server', 'Backups', 'Objects'])
    const ids = allPanels(dashboard.panels).map((p) => p.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('gives every alert a severity, a summary, a description and a runbook link', () => {
    expect(alerts.length).toBeGreaterThanOrEqual(12)
    const names = alerts.map((a) => a.alert)
    expect(new Set(names).size).toBe(names.length)
    for (const a of alerts) {
      expect(['critical', 'warning', 'info'], a.alert).toContain(a.labels?.severity)
      expect(a.annotations?.summary, a.alert).toBeTruthy()
      expect(a.annotations?.description, a.alert).toBeTruthy()
      expect(a.annotations?.runbook_url, a.alert).toMatch(/^https:\/\/github\.com\/dbaas-operator\/dbaas-operator\/blob\/main\/monitoring\/runbook\.md#[a-z0-9-]+$/)
    }
  })

  it('passes promtool check rules (promtool required when CI=true)', () => {
    const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' })
    if (promtool.error !== undefined) {
      if (process.env.CI === 'true') throw new Error('promtool is not installed: CI must install the Debian package `prometheus`')
      console.warn('promtool not found: skipping `promtool check rules` (install the Debian package `prometheus`)')
      return
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'dbaas-rules-'))
    try {
      const file = path.join(dir, 'rules.yaml')
      writeFileSync(file, stringify({ groups: rule.spec.groups }))
      const check = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' })
      expect(`${check.stdout}${check.stderr}`, 'promtool check rules').toMatch(/SUCCESS: \d+ rules found/)
      expect(check.status).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('runbook', () => {
  /** GitHub's heading anchor: lower case, punctuation dropped, spaces to dashes. */
  const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-')
  const headings = [...readFileSync(RUNBOOK, 'utf8').matchAll(/^## (.+)$/gm)].map((m) => m[1]!)

  it('has one section per alert, and each alert links to its own section', () => {
    for (const a of alerts) {
      expect(headings, a.alert).toContain(a.alert)
      expect(a.annotations.runbook_url.split('#')[1], a.alert).toBe(slug(a.alert))
    }
    expect([...headings].sort()).toEqual(alerts.map((a) => a.alert).sort())
  })
})
