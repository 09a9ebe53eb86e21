/**
 * Hook cost: the pure DatabaseCluster sync against the JSON parse + stringify
 * of its own request and response (the floor any JavaScript hook pays), how
 * it scales with config size and related objects, and HTTP throughput of the
 * real server next to a bare Fastify route that parses and echoes a body of
 * the same size.
 */
import autocannon from 'autocannon'
import Fastify from 'fastify'
import { buildApp } from '../hooks/app.js'
import { syncDatabaseCluster } from '../providers/database-cluster/sync.js'
import { DEFAULT_CONFIG, EPOCH } from '../providers/shared/defaults.js'
import { steadyStateRequest } from './requests.js'

const CTX = { now: EPOCH, config: DEFAULT_CONFIG }

function timePerCall(fn: () => void, minMs = 1500): number {
  for (let i = 0; i < 200; i++) fn()
  let n = 0
  const start = process.hrtime.bigint()
  let elapsed = 0
  while (elapsed < minMs) {
    for (let i = 0; i < 100; i++) fn()
    n += 100
    elapsed = Number(process.hrtime.bigint() - start) / 1e6
  }
  return (elapsed * 1000) / n
}

export function pureCost(): Record<string, number> {
  const request = steadyStateRequest()
  const text = JSON.stringify(request)
  const response = syncDatabaseCluster(request, CTX)
  const providerUs = timePerCall(() => syncDatabaseCluster(request, CTX))
  const jsonUs = timePerCall(() => JSON.stringify(syncDatabaseCluster(JSON.parse(text) as typeof request, CTX)))
  const floorUs = timePerCall(() => {
    JSON.parse(text)
    JSON.stringify(response)
  })
  return { requestBytes: text.length, providerUs, floorUs, ratio: providerUs / floorUs, endToEndUs: jsonUs }
}

export function scaling(): Record<string, number>[] {
  const rows: Record<string, number>[] = []
  for (const factor of [1, 10, 100]) {
    const request = steadyStateRequest(10 * factor, 10 * factor)
    rows.push({ factor, configParams: 10 * factor, relatedObjects: 10 * factor + 2, us: timePerCall(() => syncDatabaseCluster(request, CTX), 1000) })
  }
  return rows
}

async function load(url: string, body: string, seconds: number): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const result = await autocannon({ url, method: 'POST', body, headers: { 'content-type': 'application/json' }, connections: 16, duration: seconds })
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx }
}

export async function http(seconds = 5): Promise<Record<string, unknown>> {
  const body = JSON.stringify(steadyStateRequest())
  const hook = buildApp({ logger: false, clock: () => EPOCH, config: DEFAULT_CONFIG })
  const bare = Fastify({ bodyLimit: 32 * 1024 * 1024 })
  bare.post('/echo', (req) => req.body)
  const hookUrl = await hook.app.listen({ port: 0, host: '127.0.0.1' })
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' })
  const rssIdle = process.memoryUsage().rss
  const bareRun = await load(`${bareUrl}/echo`, body, seconds)
  const hookRun = await load(`${hookUrl}/hooks/databasecluster/sync`, body, seconds)
  const rssLoaded = process.memoryUsage().rss
  await hook.app.close()
  await bare.close()
  return { bodyBytes: body.length, bare: bareRun, hook: hookRun, throughputRatio: hookRun.rps / bareRun.rps, rssIdleMB: rssIdle / 2 ** 20, rssUnderLoadMB: rssLoaded / 2 ** 20 }
}
