/**
 * What the alert expressions select, evaluated by Prometheus' own engine
 * (`promtool test rules`, promql_expr_test) on synthetic series whose names
 * and labels are checked to be real ones. Needs promtool (Debian package
 * `prometheus`); required when CI=true.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { knownMetrics, repoRoot } from './known-metrics.js'
import { analyse } from './promql.js'

type Any = any

const rule: Any = parse(readFileSync(path.join(repoRoot, 'monitoring/prometheus-rule.yaml'), 'utf8'))
const alerts: Any[] = rule.spec.groups.flatMap((g: Any) => g.rules)
const exprOf = (name: string): string => {
  const a = alerts.find((r) => r.alert === name)
  if (a === undefined) throw new Error(`no alert ${name}`)
  return a.expr
}

interface Sample {
  labels: string
  value: number
}
interface Scenario {
  alert: string
  series: Record<string, string>
  /** Evaluation time → what the expression returns then. */
  expect: Record<string, Sample[]>
}

const steady = (v: number) => `${v}+0x300`
const OPS = 'namespace="a", databasecluster="c", ops_type="Restart", job="kube-state-metrics", instance="ksm:8080"'
const BK = (name: string) => `namespace="a", databasebackup="${name}", job="kube-state-metrics", instance="ksm:8080"`
const RUNNER = (name: string) => `namespace="a", databasebackup="${name}", job="backup-runner", pod="${name}-runner-0", instance="10.0.0.1:9090"`
const HOOK = 'job="dbaas-hooks", namespace="dbaas-system", pod="dbaas-hooks-0", instance="10.0.0.2:8080", controller="databasecluster", hook="sync"'

const SCENARIOS: Scenario[] = [
  {
    alert: 'DbaasOpsRequestStuck',
    series: {
      [`kube_customresource_opsrequest_start_timestamp_seconds{${OPS}, opsrequest="default-timeout"}`]: steady(0),
      [`kube_customresource_opsrequest_status_phase{${OPS}, opsrequest="default-timeout", phase="Running"}`]: steady(1),
      [`kube_customresource_opsrequest_start_timestamp_seconds{${OPS}, opsrequest="short-timeout"}`]: steady(0),
      [`kube_customresource_opsrequest_timeout_seconds{${OPS}, opsrequest="short-timeout"}`]: steady(60),
      [`kube_customresource_opsrequest_status_phase{${OPS}, opsrequest="short-timeout", phase="Running"}`]: steady(1),
      [`kube_customresource_opsrequest_start_timestamp_seconds{${OPS}, opsrequest="finished"}`]: steady(0),
      [`kube_customresource_opsrequest_timeout_seconds{${OPS}, opsrequest="finished"}`]: steady(60),
      [`kube_customresource_opsrequest_status_phase{${OPS}, opsrequest="finished", phase="Running"}`]: steady(0),
      [`kube_customresource_opsrequest_status_phase{${OPS}, opsrequest="finished", phase="Succeeded"}`]: steady(1),
    },
    expect: {
      '10m': [],
      // 60s timeout + 15 minutes: stuck after 960s.
      '20m': [{ labels: `{${OPS}, opsrequest="short-timeout"}`, value: 1200 }],
      // No timeout: 2 hours + 15 minutes.
      '130m': [{ labels: `{${OPS}, opsrequest="short-timeout"}`, value: 7800 }],
      '140m': [
        { labels: `{${OPS}, opsrequest="default-timeout"}`, value: 8400 },
        { labels: `{${OPS}, opsrequest="short-timeout"}`, value: 8400 },
      ],
    },
  },
  {
    alert: 'DbaasBackupOverdue',
    series: {
      // Hourly, last success at t=100s, timeout 600s: overdue by the runner's gauge after 100 + 2*3600 + 600.
      [`dbaas_backup_last_success_timestamp_seconds{${RUNNER('hourly')}}`]: steady(100),
      [`kube_customresource_databasebackup_next_scheduled_timestamp_seconds{${BK('hourly')}}`]: steady(3700),
      [`kube_customresource_databasebackup_last_backup_start_timestamp_seconds{${BK('hourly')}}`]: steady(100),
      [`kube_customresource_databasebackup_timeout_seconds{${BK('hourly')}}`]: steady(600),
      [`kube_customresource_databasebackup_suspended{${BK('hourly')}}`]: steady(0),
      [`kube_customresource_databasebackup_condition{${BK('hourly')}, type="BackupFresh", status="True", reason="BackupFresh"}`]: steady(1),
      // The same, suspended: never.
      [`dbaas_backup_last_success_timestamp_seconds{${RUNNER('suspended')}}`]: steady(100),
      [`kube_customresource_databasebackup_next_scheduled_timestamp_seconds{${BK('suspended')}}`]: steady(3700),
      [`kube_customresource_databasebackup_last_backup_start_timestamp_seconds{${BK('suspended')}}`]: steady(100),
      [`kube_customresource_databasebackup_timeout_seconds{${BK('suspended')}}`]: steady(600),
      [`kube_customresource_databasebackup_suspended{${BK('suspended')}}`]: steady(1),
      // The controller's own verdict.
      [`kube_customresource_databasebackup_condition{${BK('flagged')}, type="BackupFresh", status="False", reason="BackupOverdue"}`]: steady(1),
      [`kube_customresource_databasebackup_suspended{${BK('flagged')}}`]: steady(0),
    },
    expect: {
      '120m': [{ labels: '{namespace="a", databasebackup="flagged"}', value: 1 }],
      '135m': [
        { labels: '{namespace="a", databasebackup="flagged"}', value: 1 },
        { labels: '{namespace="a", databasebackup="hourly"}', value: 8000 },
      ],
    },
  },
  {
    alert: 'DbaasBackupNeverSucceeded',
    series: {
      [`dbaas_backup_last_success_timestamp_seconds{${RUNNER('never')}}`]: steady(0),
      [`dbaas_backup_last_failure_timestamp_seconds{${RUNNER('never')}}`]: steady(50),
      [`dbaas_backup_last_success_timestamp_seconds{${RUNNER('new')}}`]: steady(0),
      [`dbaas_backup_last_failure_timestamp_seconds{${RUNNER('new')}}`]: steady(0),
    },
    expect: { '5m': [{ labels: `dbaas_backup_last_success_timestamp_seconds{${RUNNER('never')}}`, value: 0 }] },
  },
  {
    alert: 'DbaasBackupVerificationFailed',
    series: {
      [`dbaas_backup_last_verification_success{${RUNNER('bad')}}`]: steady(0),
      [`dbaas_backup_last_verification_timestamp_seconds{${RUNNER('bad')}}`]: steady(50),
      [`dbaas_backup_last_verification_success{${RUNNER('unverified')}}`]: steady(0),
      [`dbaas_backup_last_verification_timestamp_seconds{${RUNNER('unverified')}}`]: steady(0),
    },
    expect: { '5m': [{ labels: `dbaas_backup_last_verification_success{${RUNNER('bad')}}`, value: 0 }] },
  },
  {
    alert: 'DbaasBackupRunnerDown',
    series: {
      [`up{${RUNNER('unreachable')}}`]: steady(0),
      [`up{${RUNNER('fine')}}`]: steady(1),
      [`kube_customresource_databasebackup_runner_ready{${BK('no-pod')}}`]: steady(0),
      [`kube_customresource_databasebackup_runner_ready{${BK('fine')}}`]: steady(1),
    },
    expect: {
      '5m': [
        { labels: '{namespace="a", databasebackup="no-pod"}', value: 0 },
        { labels: '{namespace="a", databasebackup="unreachable"}', value: 0 },
      ],
    },
  },
  {
    alert: 'DbaasHookErrors',
    series: {
      [`dbaas_hook_requests_total{${HOOK}, code="200"}`]: '0+45x30',
      [`dbaas_hook_requests_total{${HOOK}, code="500"}`]: '0+15x30',
      [`dbaas_reconcile_errors_total{${HOOK}, code="Internal"}`]: '0+15x30',
    },
    expect: { '20m': [{ labels: '{controller="databasecluster", hook="sync"}', value: 0.25 }] },
  },
  {
    alert: 'DbaasDatabaseClusterNotReady',
    series: {
      'kube_customresource_databasecluster_condition{namespace="a", databasecluster="broken", type="Ready", status="False", reason="EngineNotReady", job="kube-state-metrics"}': steady(1),
      'kube_customresource_databasecluster_status_phase{namespace="a", databasecluster="broken", phase="Stopped", job="kube-state-metrics"}': steady(0),
      'kube_customresource_databasecluster_condition{namespace="a", databasecluster="stopped", type="Ready", status="False", reason="Stopped", job="kube-state-metrics"}': steady(1),
      'kube_customresource_databasecluster_status_phase{namespace="a", databasecluster="stopped", phase="Stopped", job="kube-state-metrics"}': steady(1),
      'kube_customresource_databasecluster_condition{namespace="a", databasecluster="fine", type="Ready", status="True", reason="Ready", job="kube-state-metrics"}': steady(1),
    },
    expect: { '5m': [{ labels: '{namespace="a", databasecluster="broken"}', value: 1 }] },
  },
]

describe('alert expressions, evaluated by promtool', () => {
  const known = knownMetrics(
    { spec: { endpoints: [{}] } },
    { spec: { podMetricsEndpoints: [{ relabelings: [{ targetLabel: 'databasebackup' }] }] } },
  )

  it.each(SCENARIOS.map((s) => [s.alert, s] as const))('%s: the synthetic series are real metric and label names', (_name, s) => {
    for (const series of Object.keys(s.series)) {
      const [selector] = analyse(series).selectors
      const labels = known.catalog.get(selector!.metric)
      expect(labels, series).toBeDefined()
      expect(selector!.labels.filter((l) => !labels!.has(l)), series).toEqual([])
    }
  })

  it.each(SCENARIOS.map((s) => [s.alert, s] as const))('%s: every label its annotations name is on what it selects', (_name, s) => {
    const annotations = Object.values(alerts.find((r) => r.alert === s.alert).annotations).join('\n')
    const used = [...annotations.matchAll(/\$labels\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!)
    const fired = Object.values(s.expect).flat()
    expect(fired.length).toBeGreaterThan(0)
    for (const sample of fired) {
      const present = [...sample.labels.matchAll(/([A-Za-z_][A-Za-z0-9_]*)="/g)].map((m) => m[1])
      expect(used.filter((l) => !present.includes(l)), sample.labels).toEqual([])
    }
  })

  it('select exactly what they should', () => {
    const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' })
    if (promtool.error !== undefined) {
      if (process.env.CI === 'true') throw new Error('promtool is not installed: CI must install the Debian package `prometheus`')
      console.warn('promtool not found: skipping the alert expression tests (install the Debian package `prometheus`)')
      return
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'dbaas-rules-'))
    try {
      writeFileSync(path.join(dir, 'rules.yaml'), stringify({ groups: rule.spec.groups }))
      const tests = SCENARIOS.map((s) => ({
        name: s.alert,
        interval: '1m',
        input_series: Object.entries(s.series).map(([series, values]) => ({ series, values })),
        promql_expr_test: Object.entries(s.expect).map(([at, samples]) => ({ expr: exprOf(s.alert), eval_time: at, exp_samples: samples })),
      }))
      writeFileSync(path.join(dir, 'tests.yaml'), stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests }))
      const run = spawnSync('promtool', ['test', 'rules', 'tests.yaml'], { cwd: dir, encoding: 'utf8' })
      expect(run.status, `${run.stdout}${run.stderr}`).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
