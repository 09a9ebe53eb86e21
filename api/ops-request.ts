/**
 * OpsRequest (dbaas.io/v1alpha1): one day-2 operation on one DatabaseCluster,
 * carried out through the engine's operator, tracked until it succeeds or
 * fails, with a timeout, cancel, a per-cluster queue and TTLs.
 */
import Type, { type Static } from 'typebox'
import { OPS_TYPES } from './capabilities.js'
import { ConfigParameter } from './database-cluster.js'
import { ConditionList, DNS_LABEL_PATTERN, OpenObject, QuantityString, ResourceRequirements, StringEnum, StringMap } from './k8s-schema.js'

export const OPS_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Cancelled', 'Aborted'] as const
export type OpsPhase = (typeof OPS_PHASES)[number]
export const FINAL_PHASES: readonly OpsPhase[] = ['Succeeded', 'Failed', 'Cancelled', 'Aborted']

const params = {
  horizontalScaling: Type.Object({ replicas: Type.Integer({ description: 'New clusterSize.', minimum: 1, maximum: 9 }) }, { description: 'Parameters of HorizontalScaling.' }),
  verticalScaling: Type.Object({ resources: ResourceRequirements }, { description: 'Parameters of VerticalScaling.' }),
  volumeExpansion: Type.Object({ storage: QuantityString({ description: 'New volume size; must be larger than the current one.' }) }, { description: 'Parameters of VolumeExpansion.' }),
  reconfiguring: Type.Object(
    {
      config: Type.Optional(Type.Array(ConfigParameter, { description: 'Parameters to set (added or replaced).', maxItems: 256 })),
      remove: Type.Optional(Type.Array(Type.String({ description: 'A parameter name.', maxLength: 253 }), { description: 'Parameters to remove.', maxItems: 256 })),
    },
    { description: 'Parameters of Reconfiguring.' },
  ),
  upgrade: Type.Object({ version: Type.String({ description: 'Target engine version (see `dbaas explain`).', pattern: '^[0-9]+(\\.[0-9]+){0,2}$', maxLength: 32 }) }, { description: 'Parameters of Upgrade.' }),
  backup: Type.Object({ name: Type.Optional(Type.String({ description: 'Name of the engine-native backup object. Defaults to `<OpsRequest name>`.', pattern: DNS_LABEL_PATTERN, maxLength: 63 })) }, { description: 'Parameters of Backup.' }),
  restore: Type.Object(
    {
      backupName: Type.String({ description: 'Engine-native backup object to restore (for example one an OpsRequest of type Backup made).', maxLength: 253 }),
      pointInTime: Type.Optional(Type.String({ description: 'Recover up to this moment (RFC 3339).', format: 'date-time', maxLength: 64 })),
      targetClusterName: Type.Optional(Type.String({ description: 'postgresql restores into a new DatabaseCluster of this name (CloudNativePG cannot restore in place); Percona engines restore in place when unset.', pattern: DNS_LABEL_PATTERN, maxLength: 45 })),
    },
    { description: 'Parameters of Restore.' },
  ),
  switchover: Type.Object({ instance: Type.Optional(Type.String({ description: 'Instance (pod) to promote. Defaults to the most advanced healthy replica, as the engine operator picks it.', maxLength: 253 })) }, { description: 'Parameters of Switchover.' }),
  rebuildInstance: Type.Object({ instance: Type.String({ description: 'Instance (pod) to rebuild from scratch: its volumes are deleted and it is re-cloned. Never the primary.', minLength: 1, maxLength: 253 }) }, { description: 'Parameters of RebuildInstance.' }),
  custom: Type.Object(
    {
      description: Type.String({ description: 'What this operation does, for the log.', maxLength: 1024 }),
      annotations: StringMap({ description: 'Annotations to set on the engine operator\'s main object (for example `cnpg.io/reloadedAt`).' }),
    },
    { description: 'Parameters of Custom: annotations the engine operator acts on.' },
  ),
}

function typeRule(field: string, type: string): { rule: string; message: string } {
  return { rule: `self.type != '${type}' || has(self.${field})`, message: `type ${type} needs spec.${field}` }
}

export const OpsRequestSpec = Type.Object(
  {
    clusterRef: Type.String({ description: 'The DatabaseCluster (same namespace) to operate on.', pattern: DNS_LABEL_PATTERN, maxLength: 63, 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'clusterRef is immutable' }] }),
    type: StringEnum(OPS_TYPES, { description: 'Operation.', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'type is immutable' }] }),
    horizontalScaling: Type.Optional(params.horizontalScaling),
    verticalScaling: Type.Optional(params.verticalScaling),
    volumeExpansion: Type.Optional(params.volumeExpansion),
    reconfiguring: Type.Optional(params.reconfiguring),
    upgrade: Type.Optional(params.upgrade),
    backup: Type.Optional(params.backup),
    restore: Type.Optional(params.restore),
    switchover: Type.Optional(params.switchover),
    rebuildInstance: Type.Optional(params.rebuildInstance),
    custom: Type.Optional(params.custom),
    timeoutSeconds: Type.Optional(Type.Integer({ description: 'Abort when still running after this long. Defaults per type: 30 minutes; 2 hours for VolumeExpansion, Upgrade, Backup and Restore.', minimum: 30, maximum: 604800 })),
    preconditionDeadlineSeconds: Type.Integer({ description: 'Fail when the cluster is not ready (or the queue ahead has not cleared) within this long.', minimum: 0, maximum: 604800, default: 1800 }),
    cancel: Type.Boolean({ description: 'Cancel: always possible before it starts; while running, spec-changing operations roll back to the recorded configuration, others cannot be stopped.', default: false }),
    onPredecessorFailure: StringEnum(['Wait', 'Continue'] as const, { description: 'When an earlier operation on the same cluster failed: `Wait` until it is deleted (acknowledged), or `Continue`.', default: 'Wait' }),
    ttlSecondsAfterSucceeded: Type.Integer({ description: 'Delete the OpsRequest this long after it succeeded.', minimum: 0, default: 86400 }),
    ttlSecondsAfterFailed: Type.Integer({ description: 'Delete the OpsRequest this long after it failed, was cancelled or aborted.', minimum: 0, default: 604800 }),
  },
  {
    description: 'One operation on one DatabaseCluster.',
    'x-kubernetes-validations': [
      typeRule('horizontalScaling', 'HorizontalScaling'),
      typeRule('verticalScaling', 'VerticalScaling'),
      typeRule('volumeExpansion', 'VolumeExpansion'),
      typeRule('reconfiguring', 'Reconfiguring'),
      typeRule('upgrade', 'Upgrade'),
      typeRule('restore', 'Restore'),
      typeRule('rebuildInstance', 'RebuildInstance'),
      typeRule('custom', 'Custom'),
      { rule: '!has(oldSelf.cancel) || !oldSelf.cancel || self.cancel', message: 'a cancel cannot be taken back' },
    ],
  },
)
export type OpsRequestSpec = Static<typeof OpsRequestSpec>

export const ActionLogEntry = Type.Object(
  {
    time: Type.String({ description: 'When.', format: 'date-time' }),
    level: StringEnum(['Info', 'Warning', 'Error'] as const, { description: 'Severity.' }),
    message: Type.String({ description: 'What happened.' }),
  },
  { description: 'One entry of the action log.' },
)
export type ActionLogEntry = Static<typeof ActionLogEntry>

export const OpsRequestStatus = Type.Object(
  {
    observedGeneration: Type.Optional(Type.Integer({ description: 'The generation this status was computed from.' })),
    phase: Type.Optional(StringEnum(OPS_PHASES, { description: 'Pending, Running, Succeeded, Failed, Cancelled or Aborted. A final phase never changes again.' })),
    progress: Type.Optional(Type.String({ description: 'Steps done over steps in total (`1/3`).' })),
    conditions: Type.Optional(ConditionList('Validated, Queued, Running, Completed.')),
    queuePosition: Type.Optional(Type.Integer({ description: 'Operations ahead of this one on the same cluster.', minimum: 0 })),
    blockedBy: Type.Optional(Type.String({ description: 'The operation this one waits for.' })),
    startTime: Type.Optional(Type.String({ description: 'When it started running.', format: 'date-time' })),
    completionTime: Type.Optional(Type.String({ description: 'When it reached a final phase.', format: 'date-time' })),
    lastConfiguration: Type.Optional(OpenObject({ description: 'The DatabaseCluster fields the operation changes, as they were before it.' })),
    appliedConfiguration: Type.Optional(OpenObject({ description: 'The same fields, as the operation set them.' })),
    actionLog: Type.Optional(Type.Array(ActionLogEntry, { description: 'What was done, newest last; at most 20 entries.', maxItems: 20 })),
  },
  { description: 'Progress of the operation.' },
)
export type OpsRequestStatus = Static<typeof OpsRequestStatus>
