/**
 * A focused loop for profiling the pure DatabaseCluster sync:
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile-pure.ts [seconds]
 */
import { syncDatabaseCluster } from '../providers/database-cluster/sync.js'
import { DEFAULT_CONFIG, EPOCH } from '../providers/shared/defaults.js'
import { steadyStateRequest } from './requests.js'

const CTX = { now: EPOCH, config: DEFAULT_CONFIG }
const seconds = Number(process.argv[2] ?? 5)
const request = steadyStateRequest()
const end = Date.now() + seconds * 1000
let n = 0
while (Date.now() < end) {
  for (let i = 0; i < 100; i++) syncDatabaseCluster(request, CTX)
  n += 100
}
process.stdout.write(`${((seconds * 1e6) / n).toFixed(2)} µs/call\n`)
