/**
 * The runner's ConfigMaps: its configuration, and its report. The report is
 * emitted without data: the runner writes the data, and Metacontroller's
 * apply keeps fields it never set, so the hook reads the runner's results
 * back from the observed child.
 */
import { REPORT_KEY, type RunnerConfig } from '../../../api/runner.js'
import type { KObject } from '../../shared/kube.js'

export const CONFIG_KEY = 'config.json'

export function buildConfigConfigMap(name: string, namespace: string, labels: Record<string, string>, config: RunnerConfig): KObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels }, data: { [CONFIG_KEY]: `${JSON.stringify(config, null, 2)}\n` } }
}

export function buildReportConfigMap(name: string, namespace: string, labels: Record<string, string>): KObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels, annotations: { 'backup.dbaas.io/report-key': REPORT_KEY } } }
}
