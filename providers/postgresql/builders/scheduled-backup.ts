/**
 * ScheduledBackup: one per enabled-or-suspended schedule. CloudNativePG's cron
 * has a seconds field, so the generic five-field expression gets `0 ` in
 * front. Backups are not owned by the schedule or the cluster
 * (`backupOwnerReference: none`): deleting the cluster keeps them.
 */
import type { BackupSchedule } from '../../../api/database-cluster.js'
import type { KObject } from '../../shared/kube.js'
import { BARMAN_PLUGIN, CNPG_API } from '../child-types.js'

export function toCnpgCron(schedule: string): string {
  return `0 ${schedule.trim().split(/\s+/).join(' ')}`
}

export interface ScheduledBackupInput {
  name: string
  namespace: string
  labels: Record<string, string>
  cluster: string
  schedule: BackupSchedule
  immediate: boolean
}

export function buildScheduledBackup(input: ScheduledBackupInput): KObject {
  return {
    apiVersion: CNPG_API,
    kind: 'ScheduledBackup',
    metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
    spec: {
      schedule: toCnpgCron(input.schedule.schedule),
      cluster: { name: input.cluster },
      method: 'plugin',
      pluginConfiguration: { name: BARMAN_PLUGIN },
      backupOwnerReference: 'none',
      immediate: input.immediate,
      suspend: !input.schedule.enabled,
      target: 'prefer-standby',
    },
  }
}
