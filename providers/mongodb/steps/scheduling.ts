/** Step 5, scheduling: the same placement rules for every component there is (rs0, config servers, mongos). */
import { componentScheduling } from '../builders/scheduling.js'
import type { Desired, Step } from '../pipeline.js'
import { withReplset, withShardingPart } from '../pipeline.js'

export const scheduling: Step = (desired, { cluster }): Desired => {
  const { name, spec } = cluster
  const s = spec.scheduling
  const replset = withReplset(desired, componentScheduling(name, 'replset', s))
  const configServers = withShardingPart(replset, 'configsvrReplSet', componentScheduling(name, 'configsvr', s))
  return withShardingPart(configServers, 'mongos', componentScheduling(name, 'mongos', s))
}
