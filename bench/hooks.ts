/**
 * Hook cost: the pure DatabaseCluster sync against the JSON parse + stringify
 * of its own request and response (the floor any JavaScript hook pays), how
 * it scales with config size, related objects and observed children, and
 * HTTP throughput of the real server next to a bare Fastify route that parses
 * and echoes a body of the same size.
 *
 * Timings alternate between the things compared (batches of one, then the
 * other) so that load from elsewhere on the machine hits both alike; the
 * ratios are steadier than the absolute figures.
 */
import { type ChildProcess, fork } from 'node:child_process'
import path from 'node:path'
import autocannon from 'autocannon'
import { syncDatabaseCluster } from '../providers/database-cluster/sync.js'
import { DEFAULT_CONFIG, EPOCH } from '../providers/shared/defaults.js'
import { steadyStateRequest } from './requests.js'

const CTX = { now: EPOCH, config: DEFAULT_CONFIG }

/** Microseconds per call of each function, measured in alternating batches for at least `minMs` in all. */
export function timeInterleaved(fns: readonly (() => void)[], minMs = 3000, batch = 50): number[] {
  for (const fn of fns) for (let i = 0; i < 200; i++) fn()
  const total = fns.map(() => 0)
  const calls = fns.map(() => 0)
  const start = process.hrtime.bigint()
  while (Number(process.hrtime.bigint() - start) / 1e6 < minMs) {
    fns.forEach((fn, k) => {
      const t0 = process.hrtime.bigint()
      for (let i = 0; i < batch; i++) fn()
      total[k] = (total[k] ?? 0) + Number(process.hrtime.bigint() - t0) / 1e3
      calls[k] = (calls[k] ?? 0) + batch
    })
  }
  return total.map((t, k) => t / (calls[k] ?? 1))
}

/** Distinct specs, more than the spec memo of parse.ts holds, so that every call checks its spec from scratch. */
const COLD_VARIANTS = 600

export function pureCost(): Record<string, number> {
  const request = steadyStateRequest()
  const text = JSON.stringify(request)
  const response = syncDatabaseCluster(request, CTX)
  const cold = Array.from({ length: COLD_VARIANTS }, (_, i) => steadyStateRequest(10, 0, 0, i + 1))
  let next = 0
  const [providerUs = 0, coldUs = 0, floorUs = 0, endToEndUs = 0] = timeInterleaved([
    () => syncDatabaseCluster(request, CTX),
    () => {
      next = (next + 1) % COLD_VARIANTS
      syncDatabaseCluster(cold[next] ?? request, CTX)
    },
    () => {
      JSON.parse(text)
      JSON.stringify(response)
    },
    () => JSON.stringify(syncDatabaseCluster(JSON.parse(text) as typeof request, CTX)),
  ])
  return {
    requestBytes: text.length,
    responseBytes: JSON.stringify(response).length,
    providerUs,
    floorUs,
    ratio: providerUs / floorUs,
    coldProviderUs: coldUs,
    coldRatio: coldUs / floorUs,
    endToEndUs,
  }
}

export function scaling(): Record<string, number>[] {
  const factors = [1, 10, 100]
  // 5 parameters at ×1: ×100 stays within the schema's 512 (beyond it the spec is invalid and nothing is built).
  const requests = factors.map((f) => steadyStateRequest(5 * f, 10 * f, 10 * f))
  const times = timeInterleaved(
    requests.map((r) => () => syncDatabaseCluster(r, CTX)),
    3000,
    5,
  )
  return factors.map((factor, i) => ({
    factor,
    configParams: 5 * factor,
    relatedObjects: 10 * factor + 2,
    observedChildren: 10 * factor + 7,
    requestBytes: JSON.stringify(requests[i]).length,
    us: times[i] ?? 0,
  }))
}

/**
 * Linear: each ×10 step costs at most ×10, and the cost of one more unit
 * (5 config parameters + 10 related objects + 10 children) from ×10 to ×100
 * is at most 1.5 times what it was from ×1 to ×10 (no superlinear growth).
 */
export function scalesLinearly(rows: readonly Record<string, number>[]): { met: boolean; marginalUs: number[] } {
  const us = rows.map((r) => r.us ?? 0)
  const items = rows.map((r) => r.factor ?? 0)
  const marginalUs = us.slice(1).map((t, i) => (t - (us[i] ?? 0)) / ((items[i + 1] ?? 0) - (items[i] ?? 0)))
  const steps = us.slice(1).every((t, i) => t <= 10 * (us[i] ?? 0))
  const [first = 0, second = 0] = marginalUs
  return { met: steps && second <= 1.5 * Math.max(first, 0.01), marginalUs }
}

interface Server {
  url: string
  child: ChildProcess
  ask: (msg: string) => Promise<Record<string, number>>
}

/**
 * The servers run as plain JavaScript under plain node, as in production
 * (the image runs the compiled dist/): bench/serve.ts bundled by esbuild (a
 * dependency of tsx) with packages left external. Under tsx the loader thread
 * alone adds some 50 MB of RSS and its own CPU.
 */
async function bundleServer(): Promise<string> {
  const esbuild = await import('esbuild')
  // Under node_modules (so that the external packages resolve, and no linter looks at it).
  const outfile = path.join(import.meta.dirname, '..', 'node_modules', '.cache', 'dbaas-bench', 'serve.mjs')
  await esbuild.build({ entryPoints: [path.join(import.meta.dirname, 'serve.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' })
  return outfile
}

async function startServer(script: string, mode: 'hook' | 'bare'): Promise<Server> {
  const execArgv = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter((f) => f !== '')
  const child = fork(script, [mode], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => {
      resolve((m as { url: string }).url)
    })
    child.once('exit', (code) => {
      reject(new Error(`bench server ${mode} exited with ${String(code)}`))
    })
  })
  const ask = (msg: string) =>
    new Promise<Record<string, number>>((resolve) => {
      child.once('message', (m) => {
        resolve(m as Record<string, number>)
      })
      child.send(msg)
    })
  return { url, child, ask }
}

interface Run {
  rps: number
  p50: number
  p99: number
  errors: number
}

async function load(url: string, body: string, seconds: number): Promise<Run> {
  const result = await autocannon({ url, method: 'POST', body, headers: { 'content-type': 'application/json' }, connections: 16, duration: seconds })
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx }
}

function combine(runs: readonly Run[]): Run {
  const mean = (f: (r: Run) => number) => runs.reduce((s, r) => s + f(r), 0) / runs.length
  return { rps: mean((r) => r.rps), p50: mean((r) => r.p50), p99: Math.max(...runs.map((r) => r.p99)), errors: runs.reduce((s, r) => s + r.errors, 0) }
}

/**
 * Each server runs in a process of its own (the load generator stays here),
 * and the two are loaded in alternating rounds of `seconds`.
 */
export async function http(seconds = 5, rounds = 3): Promise<Record<string, unknown>> {
  const body = JSON.stringify(steadyStateRequest())
  const script = await bundleServer()
  const bare = await startServer(script, 'bare')
  const hook = await startServer(script, 'hook')
  try {
    const rssIdle = await hook.ask('rss')
    // Warm-up (JIT, heap growth): the first seconds of a fresh server are markedly slower.
    await load(bare.url, body, 3)
    await load(hook.url, body, 3)
    await hook.ask('reset')
    const bareRuns: Run[] = []
    const hookRuns: Run[] = []
    for (let i = 0; i < rounds; i++) {
      bareRuns.push(await load(bare.url, body, seconds))
      hookRuns.push(await load(hook.url, body, seconds))
    }
    const rssLoaded = await hook.ask('rss')
    const bareRun = combine(bareRuns)
    const hookRun = combine(hookRuns)
    return {
      bodyBytes: body.length,
      server: `node ${process.env.BENCH_SERVER_FLAGS ?? ''} (no tsx) on an esbuild bundle of bench/serve.ts`.replace(/ +/g, ' '),
      seconds,
      rounds,
      bare: bareRun,
      hook: hookRun,
      throughputRatio: hookRun.rps / bareRun.rps,
      roundRatios: hookRuns.map((h, i) => h.rps / (bareRuns[i]?.rps ?? 1)),
      rssIdleMB: rssIdle.rssMB,
      rssUnderLoadMB: rssLoaded.rssMB,
      peakRssUnderLoadMB: rssLoaded.peakRssMB,
    }
  } finally {
    bare.child.send('stop')
    hook.child.send('stop')
  }
}
