/**
 * One server for the HTTP benchmark, in a process of its own so that the load
 * generator does not share its event loop and its RSS is the server's alone.
 *   node --import tsx bench/serve.ts hook|bare
 * Started by bench/hooks.ts over IPC: sends { url } once listening, answers
 * 'rss' with { rssMB, peakRssMB } (peak sampled every 50 ms), exits on 'stop'.
 */
import Fastify from 'fastify'
import { buildApp } from '../hooks/app.js'
import { DEFAULT_CONFIG, EPOCH } from '../providers/shared/defaults.js'

const mode = process.argv[2] ?? 'hook'
const MB = 2 ** 20

async function start(): Promise<string> {
  if (mode === 'bare') {
    const bare = Fastify({ bodyLimit: 32 * 1024 * 1024 })
    bare.post('/echo', (req) => req.body)
    return `${await bare.listen({ port: 0, host: '127.0.0.1' })}/echo`
  }
  const hook = buildApp({ logger: false, clock: () => EPOCH, config: DEFAULT_CONFIG })
  return `${await hook.app.listen({ port: 0, host: '127.0.0.1' })}/hooks/databasecluster/sync`
}

const url = await start()
let peak = process.memoryUsage().rss
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss)
}, 50)
sampler.unref()

if (process.send === undefined) {
  process.stdout.write(`${url}\n`)
} else {
  process.send({ url })
  process.on('message', (msg) => {
    if (msg === 'rss') {
      const rss = process.memoryUsage().rss
      peak = Math.max(peak, rss)
      process.send?.({ rssMB: rss / MB, peakRssMB: peak / MB })
    } else if (msg === 'reset') {
      peak = process.memoryUsage().rss
      process.send?.({ ok: true })
    } else if (msg === 'stop') {
      process.exit(0)
    }
  })
}
process.on('SIGINT', () => process.exit(0))
process.on('SIGTERM', () => process.exit(0))
