/**
 * The runner's report: what the DatabaseBackup status is computed from. In a
 * cluster it is written into the report ConfigMap (merge patch of one data
 * key, nothing else); outside one, into a file.
 */
import fs from 'node:fs'
import { type KubeConfig, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node'
import { REPORT_KEY, type RunnerReport } from '../api/runner.js'

export interface ReportSink {
  read(): Promise<RunnerReport | undefined>
  write(report: RunnerReport): Promise<void>
}

export function fileSink(file: string): ReportSink {
  return {
    read: () => Promise.resolve(fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as RunnerReport) : undefined),
    write: (report) => fs.promises.writeFile(file, `${JSON.stringify(report, null, 2)}\n`),
  }
}

export function configMapSink(kc: KubeConfig, namespace: string, name: string): ReportSink {
  const api = KubernetesObjectApi.makeApiClient(kc)
  const header = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace } }
  return {
    read: async () => {
      const cm = await api.read(header)
      const text = (cm as { data?: Record<string, string> }).data?.[REPORT_KEY]
      return text === undefined ? undefined : (JSON.parse(text) as RunnerReport)
    },
    write: async (report) => {
      await api.patch({ ...header, data: { [REPORT_KEY]: JSON.stringify(report) } }, undefined, undefined, 'dbaas-backup-runner', undefined, PatchStrategy.MergePatch)
    },
  }
}
