/**
 * Step 2, engine: the rs0 replica set (members, image, volumes, resources,
 * mongod.conf), the operator's switches and `stopped` as `pause`. SmartUpdate
 * restarts secondaries first and the primary last, after a step-down. The
 * operator never asks Percona's version service (`apply: disabled`); after a
 * major upgrade has rolled out it raises the feature compatibility version
 * (`setFCV`), which the next major needs. A replica set of one member needs
 * the operator's unsafe flag; every other size is odd and at least 3.
 */
import { CR_VERSION } from '../child-types.js'
import { volumeSpec } from '../builders/volume.js'
import { mongoConf } from '../mongod-conf.js'
import { REPLSET, mongoNames } from '../names.js'
import type { Desired, Step } from '../pipeline.js'
import { withReplset, withSpec } from '../pipeline.js'

export const engine: Step = (desired, { cluster, resolved, ctx }): Desired => {
  const { spec, name } = cluster
  const configuration = mongoConf(spec.config)
  const operator = withSpec(desired, {
    crVersion: CR_VERSION,
    image: resolved.image,
    imagePullPolicy: 'IfNotPresent',
    updateStrategy: 'SmartUpdate',
    upgradeOptions: { apply: 'disabled', setFCV: true },
    clusterServiceDNSSuffix: `svc.${ctx.config.clusterDomain}`,
    pause: spec.stopped,
    ...(spec.clusterSize < 3 ? { unsafeFlags: { replsetSize: true } } : {}),
    storageScaling: { enableVolumeScaling: true },
    secrets: { users: mongoNames.users(name) },
  })
  return withReplset(operator, {
    name: REPLSET,
    size: spec.clusterSize,
    ...(configuration === undefined ? {} : { configuration }),
    ...(spec.resources === undefined ? {} : { resources: spec.resources }),
    volumeSpec: volumeSpec(spec, spec.storage),
    podDisruptionBudget: { maxUnavailable: 1 },
  })
}
