/**
 * `npm run bench`: every benchmark, printed as a table and written to
 * bench/results/latest.json for comparison over time. Not a test: numbers
 * depend on the machine. BENCH_SECONDS sets the HTTP load duration.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { http, pureCost, scaling } from './hooks.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 5)

function fmt(n: unknown): string {
  return typeof n === 'number' ? (Number.isInteger(n) ? String(n) : n.toFixed(2)) : JSON.stringify(n)
}

const results: Record<string, unknown> = { machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', node: process.version, memGB: Math.round(os.totalmem() / 2 ** 30) }, date: new Date().toISOString() }

const pure = pureCost()
results.pure = pure
process.stdout.write(`pure DatabaseCluster sync (steady state, ${pure.requestBytes ?? 0} byte request)\n  provider ${fmt(pure.providerUs)} µs/call   JSON parse+stringify floor ${fmt(pure.floorUs)} µs   ratio ${fmt(pure.ratio)}\n`)

const scale = scaling()
results.scaling = scale
process.stdout.write('scaling (config parameters and related objects ×1, ×10, ×100)\n')
for (const row of scale) process.stdout.write(`  ×${fmt(row.factor)}: ${fmt(row.us)} µs/call\n`)

const httpRun = await http(seconds)
results.http = httpRun
const bare = httpRun.bare as { rps: number; p50: number; p99: number }
const hook = httpRun.hook as { rps: number; p50: number; p99: number }
process.stdout.write(`HTTP (${seconds}s, 16 connections, ${fmt(httpRun.bodyBytes)} byte body)\n  bare Fastify echo  ${fmt(bare.rps)} req/s  p50 ${fmt(bare.p50)} ms  p99 ${fmt(bare.p99)} ms\n  DatabaseCluster   ${fmt(hook.rps)} req/s  p50 ${fmt(hook.p50)} ms  p99 ${fmt(hook.p99)} ms\n  ratio ${fmt(httpRun.throughputRatio)}   RSS idle ${fmt(httpRun.rssIdleMB)} MB, under load ${fmt(httpRun.rssUnderLoadMB)} MB\n`)

const backupBench = path.join(import.meta.dirname, 'backup.ts')
if (fs.existsSync(backupBench) && process.env.BENCH_BACKUP !== '0') {
  const modulePath = './backup.js'
  const mod = (await import(modulePath)) as { runBackupBench?: () => Promise<Record<string, unknown>> }
  if (mod.runBackupBench !== undefined) {
    results.backup = await mod.runBackupBench()
    process.stdout.write(`backup runner\n  ${JSON.stringify(results.backup)}\n`)
  }
}

fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true })
fs.writeFileSync(path.join(import.meta.dirname, 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`)
process.stdout.write('written to bench/results/latest.json\n')
