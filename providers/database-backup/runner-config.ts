/** The RunnerConfig a DatabaseBackup's runner receives (credentials excluded). */
import type { RunnerConfig } from '../../api/runner.js'
import { intervalSeconds } from '../backup/schedule.js'
import { backupNames } from './names.js'
import type { BackupObject } from './parse.js'
import type { ResolvedStorage } from './storage.js'
import type { ResolvedTarget } from './target.js'

export function buildRunnerConfig(backup: BackupObject, target: ResolvedTarget, storage: ResolvedStorage): RunnerConfig {
  const { spec } = backup
  const retention = spec.retention
  const maxAge = retention?.maxAge === undefined ? undefined : intervalSeconds(retention.maxAge)
  return {
    apiVersion: 'backup.dbaas.io/v1alpha1',
    kind: 'RunnerConfig',
    backup: { name: backup.name, namespace: backup.namespace, uid: backup.uid },
    engine: spec.engine,
    target: {
      host: target.host,
      port: target.port,
      databases: spec.target.databases ?? [],
      tls: target.tls,
      ...(target.username === undefined ? {} : { username: target.username }),
    },
    schedule: spec.schedule,
    timeZone: spec.timeZone,
    suspend: spec.suspend,
    timeoutSeconds: spec.timeoutSeconds,
    retention: {
      ...(maxAge === undefined ? {} : { maxAgeSeconds: maxAge }),
      ...(retention?.keep === undefined ? {} : { keep: retention.keep }),
      minKeep: retention?.minKeep ?? 1,
    },
    ...(spec.verify === undefined ? {} : { verifySchedule: spec.verify.schedule }),
    storage: { compression: storage.compression, encryption: storage.encryption, pathPrefix: `${backup.namespace}/${backup.name}`, locations: storage.locations },
    report: { configMap: backupNames.report(backup.name) },
    lease: { name: backupNames.lease(backup.name) },
  }
}
