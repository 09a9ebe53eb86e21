/**
 * The runner's report: what the DatabaseBackup status is computed from. In a
 * cluster it goes into the report ConfigMap, which the controller creates as
 * a child of the DatabaseBackup (owner-referenced to its uid): the runner
 * only merge-patches its one data key, and only into a ConfigMap owned by
 * the DatabaseBackup it serves (a runner left over from a deleted and
 * re-created DatabaseBackup of the same name never writes into the new
 * one's). Outside a cluster, into a file (written whole, then renamed).
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
    write: async (report) => {
      await fs.promises.writeFile(`${file}.tmp`, `${JSON.stringify(report, null, 2)}\n`)
      await fs.promises.rename(`${file}.tmp`, file)
    },
  }
}

interface ConfigMap {
  metadata?: { ownerReferences?: { uid?: string; kind?: string }[] }
  data?: Record<string, string>
}

export interface ReportTarget {
  namespace: string
  configMap: string
  /** uid of the DatabaseBackup the runner serves. */
  ownerUid: string
}

export function configMapSink(kc: KubeConfig, t: ReportTarget): ReportSink {
  const api = KubernetesObjectApi.makeApiClient(kc)
  const header = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: t.configMap, namespace: t.namespace } }
  const owned = async (): Promise<ConfigMap> => {
    const cm = (await api.read(header)) as ConfigMap
    if (!(cm.metadata?.ownerReferences ?? []).some((o) => o.uid === t.ownerUid)) {
      throw new Error(`ConfigMap ${t.namespace}/${t.configMap} is not owned by the DatabaseBackup ${t.ownerUid} this runner serves: not writing the report into it`)
    }
    return cm
  }
  return {
    read: async () => {
      const text = (await owned()).data?.[REPORT_KEY]
      return text === undefined ? undefined : (JSON.parse(text) as RunnerReport)
    },
    write: async (report) => {
      await owned()
      await api.patch({ ...header, data: { [REPORT_KEY]: JSON.stringify(report) } }, undefined, undefined, 'dbaas-backup-runner', undefined, PatchStrategy.MergePatch)
    },
  }
}
