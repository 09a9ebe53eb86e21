/**
 * Step 2, engine: size, image, storage, resources and parameters. Replicas are
 * updated first and the primary last, by switchover, so a change costs one
 * short write interruption.
 */
import type { Desired, Step } from '../pipeline.js'
import { withSpec } from '../pipeline.js'

export const engine: Step = (desired, { cluster, resolved }): Desired => {
  const { spec } = cluster
  const parameters: Record<string, string> = {}
  for (const p of spec.config ?? []) parameters[p.name] = p.value
  return withSpec(desired, {
    instances: spec.clusterSize,
    imageName: resolved.image,
    primaryUpdateStrategy: 'unsupervised',
    primaryUpdateMethod: 'switchover',
    storage: { size: spec.storage, ...(spec.storageClass === undefined ? {} : { storageClass: spec.storageClass }) },
    ...(spec.resources === undefined ? {} : { resources: spec.resources }),
    postgresql: { parameters },
    bootstrap: { initdb: { database: 'app', owner: 'app' } },
    enableSuperuserAccess: false,
    enablePDB: true,
  })
}
