/**
 * Step 1, metadata: the PerconaXtraDBCluster's name, labels and annotations.
 * The finalizers make the operator stop the nodes in order and remove the TLS
 * Secrets; with `deletionPolicy: Delete` also the volumes and the users
 * Secret, which `Retain` keeps for a cluster of the same name to pick up. The data-source marker is set at creation only (see
 * restore-plan.ts).
 */
import { type DeletionPolicy, deletesVolumes } from '../../../api/database-cluster.js'
import { clusterLabels } from '../../shared/labels.js'
import { lastApplied, stringField } from '../../shared/observed.js'
import { PXC_API } from '../child-types.js'
import { mysqlNames } from '../names.js'
import { observedPxc } from '../observed.js'
import type { Desired, Step, StepInput } from '../pipeline.js'
import { VERSION_ANNOTATION } from '../resolve.js'
import { DATA_SOURCE_ANNOTATION } from '../restore-plan.js'
import { describeDataSource } from '../resolve-restore.js'

export function finalizers(policy: DeletionPolicy): string[] {
  const volumes = deletesVolumes(policy) ? ['percona.com/delete-pxc-pvc', 'percona.com/delete-proxysql-pvc'] : []
  return ['percona.com/delete-pxc-pods-in-order', ...volumes, 'percona.com/delete-ssl']
}

function dataSourceMarker(input: StepInput): Record<string, string> {
  const ds = input.cluster.spec.dataSource
  if (ds === undefined) return {}
  const pxc = observedPxc(input)
  if (pxc === undefined) return { [DATA_SOURCE_ANNOTATION]: describeDataSource(ds) }
  const kept = stringField(lastApplied(pxc), 'metadata', 'annotations', DATA_SOURCE_ANNOTATION)
  return kept === undefined ? {} : { [DATA_SOURCE_ANNOTATION]: kept }
}

export const metadata: Step = (desired, input): Desired => {
  const { cluster, resolved } = input
  return {
    ...desired,
    pxc: {
      ...desired.pxc,
      apiVersion: PXC_API,
      kind: 'PerconaXtraDBCluster',
      metadata: {
        name: mysqlNames.pxc(cluster.name),
        namespace: cluster.namespace,
        labels: clusterLabels(cluster.name, 'mysql', 'database'),
        annotations: { [VERSION_ANNOTATION]: resolved.version, ...dataSourceMarker(input) },
        finalizers: finalizers(cluster.spec.deletionPolicy),
      },
    },
  }
}
