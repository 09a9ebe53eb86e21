/**
 * `npm run bench`: every benchmark, printed as a table with each target of
 * issue #8 marked met or not met, and written to bench/results/latest.json
 * for comparison over time. Not a test: numbers depend on the machine (and on
 * whatever else runs on it; the ratios are steadier than the absolute times).
 * BENCH_SECONDS sets the length of one HTTP load round (default 5),
 * BENCH_ROUNDS the rounds per server (default 3), BENCH_BACKUP=0 skips the
 * backup runner benchmark (minutes; it needs PostgreSQL).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { http, pureCost, scalesLinearly, scaling } from './hooks.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 5)
const rounds = Number(process.env.BENCH_ROUNDS ?? 3)

/** Targets of issue #8. */
const TARGETS = {
  httpThroughputRatio: 0.9,
  pureRatio: 1,
  serverRssMB: 100,
}

function fmt(n: unknown): string {
  return typeof n === 'number' ? (Number.isInteger(n) ? String(n) : n.toFixed(2)) : JSON.stringify(n)
}

function verdict(met: boolean): string {
  return met ? 'met' : 'NOT MET'
}

const machine = { model: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}`, memGB: Math.round(os.totalmem() / 2 ** 30), loadAverage: os.loadavg() }
const results: Record<string, unknown> = { machine, date: new Date().toISOString() }
const out = (line: string) => process.stdout.write(`${line}\n`)
out(`machine: ${machine.model}, ${fmt(machine.cores)} cores, Node ${machine.node}, ${machine.platform}, load average ${machine.loadAverage.map((l) => l.toFixed(1)).join(' ')}`)

const pure = pureCost()
results.pure = pure
out(`pure DatabaseCluster sync (steady state, ${fmt(pure.requestBytes)} byte request, ${fmt(pure.responseBytes)} byte response)`)
out(`  provider, spec seen before   ${fmt(pure.providerUs)} µs/call`)
out(`  provider, spec never seen    ${fmt(pure.coldProviderUs)} µs/call`)
out(`  JSON parse+stringify floor   ${fmt(pure.floorUs)} µs`)
out(`  ratio ${fmt(pure.ratio)} (never-seen spec ${fmt(pure.coldRatio)}); parse + sync + stringify ${fmt(pure.endToEndUs)} µs`)

const scale = scaling()
const linear = scalesLinearly(scale)
results.scaling = { rows: scale, marginalUs: linear.marginalUs, linear: linear.met }
out('scaling (config parameters, related objects and observed children ×1, ×10, ×100)')
for (const row of scale) out(`  ×${fmt(row.factor)}: ${fmt(row.us)} µs/call (${fmt(row.requestBytes)} bytes)`)
out(`  cost of one more parameter + related object + child: ${linear.marginalUs.map(fmt).join(' µs, then ')} µs`)

const httpRun = await http(seconds, rounds)
results.http = httpRun
const bare = httpRun.bare as { rps: number; p50: number; p99: number; errors: number }
const hook = httpRun.hook as { rps: number; p50: number; p99: number; errors: number }
out(`HTTP (${fmt(rounds)} alternating rounds of ${fmt(seconds)}s per server, 16 connections, ${fmt(httpRun.bodyBytes)} byte body; servers in their own processes)`)
out(`  bare Fastify echo  ${fmt(bare.rps)} req/s  p50 ${fmt(bare.p50)} ms  p99 ${fmt(bare.p99)} ms  errors ${fmt(bare.errors)}`)
out(`  DatabaseCluster   ${fmt(hook.rps)} req/s  p50 ${fmt(hook.p50)} ms  p99 ${fmt(hook.p99)} ms  errors ${fmt(hook.errors)}`)
out(`  ratio ${fmt(httpRun.throughputRatio)} (rounds ${(httpRun.roundRatios as number[]).map(fmt).join(', ')})`)
out(`  hook server RSS idle ${fmt(httpRun.rssIdleMB)} MB, after load ${fmt(httpRun.rssUnderLoadMB)} MB, peak under load ${fmt(httpRun.peakRssUnderLoadMB)} MB`)

const targets = [
  { target: `HTTP throughput >= ${fmt(TARGETS.httpThroughputRatio)} × bare Fastify`, value: httpRun.throughputRatio as number, met: (httpRun.throughputRatio as number) >= TARGETS.httpThroughputRatio && hook.errors === 0 },
  { target: 'pure provider <= JSON parse+stringify floor (spec seen before)', value: pure.ratio ?? Infinity, met: (pure.ratio ?? Infinity) <= TARGETS.pureRatio },
  { target: 'pure provider <= JSON parse+stringify floor (spec never seen)', value: pure.coldRatio ?? Infinity, met: (pure.coldRatio ?? Infinity) <= TARGETS.pureRatio },
  { target: 'linear scaling ×1/×10/×100', value: linear.marginalUs, met: linear.met },
  { target: `server RSS < ${fmt(TARGETS.serverRssMB)} MB under load (peak)`, value: httpRun.peakRssUnderLoadMB as number, met: (httpRun.peakRssUnderLoadMB as number) < TARGETS.serverRssMB },
]
results.targets = targets
out('targets')
for (const t of targets) out(`  ${verdict(t.met).padEnd(8)} ${t.target}: ${Array.isArray(t.value) ? t.value.map(fmt).join(', ') : fmt(t.value)}`)

const backupBench = path.join(import.meta.dirname, 'backup.ts')
if (fs.existsSync(backupBench) && process.env.BENCH_BACKUP !== '0') {
  const modulePath = './backup.js'
  const mod = (await import(modulePath)) as { runBackupBench?: () => Promise<Record<string, unknown>> }
  if (mod.runBackupBench !== undefined) {
    results.backup = await mod.runBackupBench()
    out(`backup runner\n  ${JSON.stringify(results.backup)}`)
  }
}

fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true })
fs.writeFileSync(path.join(import.meta.dirname, 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`)
out('written to bench/results/latest.json')
