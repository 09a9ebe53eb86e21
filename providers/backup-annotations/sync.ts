/**
 * The backup DecoratorController: annotating a database object (a CNPG
 * Cluster, a Percona cluster, a StatefulSet) with a storage class attaches a
 * DatabaseBackup to it. The target's own status is never touched; an
 * annotation on it says which DatabaseBackup serves it, or what is wrong.
 */
import { DatabaseBackupSpec } from '../../api/database-backup.js'
import { BACKUP_API_VERSION } from '../../api/crds.js'
import { parserFor } from '../../api/validate.js'
import type { ReconcileContext } from '../shared/context.js'
import type { DecoratorSyncRequest, DecoratorSyncResponse, KObject } from '../shared/kube.js'
import { LABEL_MANAGED_BY, MANAGED_BY } from '../shared/labels.js'
import { childName } from '../shared/names.js'
import { keepLastApplied } from '../database-cluster/keep-last-applied.js'
import { parseSchedule } from '../backup/schedule.js'
import { A, parseKeep, parseList, type Read } from './annotations.js'
import { attachTarget } from './targets.js'

const parseSpec = parserFor<DatabaseBackupSpec>(DatabaseBackupSpec)

function desiredSpec(obj: KObject, a: Record<string, string>): Read<Record<string, unknown>> {
  const target = attachTarget(obj, a)
  if (!target.ok) return target
  const t = target.value
  const keepText = a[A.keep]
  const keep = keepText === undefined ? undefined : parseKeep(keepText)
  if (keep !== undefined && !keep.ok) return keep
  const retention = keep === undefined && a[A.maxAge] === undefined ? undefined : { ...(keep === undefined ? {} : { keep: keep.value }), ...(a[A.maxAge] === undefined ? {} : { maxAge: a[A.maxAge] }) }
  const databases = parseList(a[A.databases]) ?? t.databases
  const credentials = { name: t.secret, passwordKey: t.passwordKey, ...(t.usernameKey === undefined ? {} : { usernameKey: t.usernameKey }), ...(t.username === undefined ? {} : { username: t.username }) }
  const spec: Record<string, unknown> = {
    engine: t.engine,
    target: { connection: { host: t.host, port: t.port, credentialsSecretRef: credentials }, ...(databases === undefined ? {} : { databases }) },
    storageClassName: a[A.storageClass],
    schedule: a[A.schedule] ?? '1d',
    ...(a[A.timeZone] === undefined ? {} : { timeZone: a[A.timeZone] }),
    ...(retention === undefined ? {} : { retention }),
    ...(a[A.suspend] === 'true' ? { suspend: true } : {}),
  }
  const parsed = parseSpec(spec)
  if (!parsed.ok) return { ok: false, message: parsed.errors.join('; ') }
  const schedule = parseSchedule(parsed.value.schedule, parsed.value.timeZone)
  return schedule.ok ? { ok: true, value: spec } : { ok: false, message: schedule.message }
}

export function syncBackupAnnotations(req: DecoratorSyncRequest, _ctx: ReconcileContext): DecoratorSyncResponse {
  const obj = req.object
  const annotations = obj.metadata.annotations ?? {}
  const name = childName(obj.metadata.name, 'backup')
  const spec = desiredSpec(obj, annotations)
  if (!spec.ok) {
    return { annotations: { [A.error]: spec.message, [A.backup]: null }, attachments: keepLastApplied(req.attachments) }
  }
  const attachment: KObject = {
    apiVersion: BACKUP_API_VERSION,
    kind: 'DatabaseBackup',
    metadata: { name, namespace: obj.metadata.namespace ?? '', labels: { [LABEL_MANAGED_BY]: MANAGED_BY, 'backup.dbaas.io/attached-to': childName(obj.kind.toLowerCase(), obj.metadata.name) } },
    spec: spec.value,
  }
  return { annotations: { [A.backup]: name, [A.error]: null }, attachments: [attachment] }
}
