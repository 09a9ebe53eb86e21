/**
 * Step 6, backup: an ObjectStore built from the DatabaseBackupStorageClass,
 * the credentials it needs copied into the namespace, the barman-cloud plugin
 * as WAL archiver (continuous archiving = point-in-time recovery) and one
 * ScheduledBackup per schedule.
 */
import type { KObject } from '../../shared/kube.js'
import { clusterLabels } from '../../shared/labels.js'
import { buildCredentialsSecret, base64 } from '../../shared/credentials-secret.js'
import { REGION_KEY, buildObjectStore } from '../builders/object-store.js'
import { buildScheduledBackup } from '../builders/scheduled-backup.js'
import { BARMAN_PLUGIN } from '../child-types.js'
import { pgNames } from '../names.js'
import type { Desired, Step } from '../pipeline.js'
import { withSpec } from '../pipeline.js'
import type { PgBackup } from '../resolve.js'

/** Copied credentials plus the region, which barman-cloud also reads from the Secret. */
export function secretData(location: PgBackup['location'], credentials: Record<string, string> | undefined): Record<string, string> {
  const region = location.s3?.region
  return { ...(credentials ?? {}), ...(region === undefined ? {} : { [REGION_KEY]: base64(region) }) }
}

export const backup: Step = (desired, { cluster, resolved }): Desired => {
  const b = resolved.backup
  const spec = cluster.spec.backup
  if (b === undefined || spec === undefined) return desired
  const { name, namespace } = cluster
  const labels = clusterLabels(name, 'postgresql', 'backup')
  const data = secretData(b.location, b.credentials)
  const secretName = Object.keys(data).length === 0 ? undefined : pgNames.backupCredentials(name)
  const children: KObject[] = []
  if (secretName !== undefined) children.push(buildCredentialsSecret(secretName, namespace, labels, data))
  children.push(
    buildObjectStore({
      name: pgNames.objectStore(name),
      namespace,
      labels,
      location: b.location,
      pathNamespace: namespace,
      credentialsSecret: secretName,
      credentialKeys: Object.keys(data),
      retentionPolicy: b.retentionPolicy,
    }),
  )
  const firstEnabled = spec.schedules.find((s) => s.enabled)?.name
  for (const schedule of spec.schedules) {
    children.push(
      buildScheduledBackup({ name: pgNames.scheduledBackup(name, schedule.name), namespace, labels, cluster: pgNames.cluster(name), schedule, immediate: schedule.name === firstEnabled }),
    )
  }
  const plugins = [{ name: BARMAN_PLUGIN, isWALArchiver: true, parameters: { barmanObjectName: pgNames.objectStore(name), serverName: b.serverName } }]
  return { ...withSpec(desired, { plugins }), extras: [...desired.extras, ...children] }
}
