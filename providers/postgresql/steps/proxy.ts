/**
 * Step 3, proxy: a PgBouncer Pooler when asked for; external exposure goes
 * through the Pooler when there is one, else through an extra LoadBalancer
 * Service that CloudNativePG manages for the primary.
 */
import { clusterLabels } from '../../shared/labels.js'
import { buildPooler } from '../builders/pooler.js'
import { pgNames } from '../names.js'
import type { Desired, Step } from '../pipeline.js'
import { withSpec } from '../pipeline.js'

export const proxy: Step = (desired, { cluster }): Desired => {
  const { spec, name, namespace } = cluster
  if (spec.proxy?.enabled === true) {
    const pooler = buildPooler({ name: pgNames.pooler(name), namespace, labels: clusterLabels(name, 'postgresql', 'pooler'), cluster: pgNames.cluster(name), spec })
    return { ...desired, extras: [...desired.extras, pooler] }
  }
  if (spec.expose?.type !== 'external') return desired
  const { annotations, sourceRanges } = spec.expose
  return withSpec(desired, {
    managed: {
      services: {
        additional: [
          {
            selectorType: 'rw',
            serviceTemplate: {
              metadata: { name: pgNames.externalService(name), labels: clusterLabels(name, 'postgresql', 'external'), ...(annotations === undefined ? {} : { annotations }) },
              spec: { type: 'LoadBalancer', ...(sourceRanges === undefined ? {} : { loadBalancerSourceRanges: sourceRanges }) },
            },
          },
        ],
      },
    },
  })
}
