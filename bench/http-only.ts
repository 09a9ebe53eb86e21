/** Only the HTTP comparison of bench/hooks.ts, for quick runs: tsx bench/http-only.ts [seconds] [rounds] */
import { http } from './hooks.js'

const result = await http(Number(process.argv[2] ?? 3), Number(process.argv[3] ?? 2))
process.stdout.write(`${JSON.stringify(result)}\n`)
