/**
 * Backup throughput: the runner's pipeline (dump → compress → checksum →
 * location) against the raw `pg_dump` of the same database to /dev/null, on a
 * PostgreSQL database of BENCH_BACKUP_MB (default 1100) megabytes of wide
 * rows, and the runner's peak RSS while it runs (the dump tool and zstd are
 * separate processes, not counted). Runs alone with `npx tsx bench/backup.ts`.
 */
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { takeBackup } from '../runner/backup.js'
import { postgresql } from '../runner/engines/postgresql.js'
import { FilesystemLocation } from '../runner/locations/filesystem.js'
import { deriveKey } from '../runner/pipeline/encrypt.js'
import { startPostgres } from '../test/support/postgres-server.js'

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9
}

export async function runBackupBench(): Promise<Record<string, unknown>> {
  const mb = Number(process.env.BENCH_BACKUP_MB ?? 1100)
  const pg = await startPostgres()
  const conn = { host: '127.0.0.1', port: pg.port, username: pg.username, password: pg.password, tls: 'disable' as const }
  const env = { ...process.env, PGPASSWORD: pg.password }
  const psql = (db: string, q: string) => execFileSync('psql', ['-h', '127.0.0.1', '-p', String(pg.port), '-U', pg.username, '-d', db, '-XAtc', q], { env, encoding: 'utf8' }).trim()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-backup-'))
  try {
    psql('postgres', 'CREATE DATABASE big')
    const rows = Math.ceil((mb * 1024 * 1024) / 1000)
    // ~1000-byte rows of distinct hex text: compressible about like real text data, not like repeated bytes.
    const pad = Array.from({ length: 28 }, (_, k) => `md5((n * 28 + ${k})::text)`).join(' || ')
    psql('big', `CREATE TABLE t AS SELECT n, md5(n::text) AS h, ${pad} AS pad FROM generate_series(1, ${rows}) AS n`)
    const size = Number(psql('big', "SELECT pg_database_size('big')"))
    const raw = process.hrtime.bigint()
    await new Promise<void>((resolve, reject) => {
      // The same command the runner runs, its output straight to /dev/null.
      const devNull = fs.openSync('/dev/null', 'w')
      const p = spawn('pg_dump', ['-h', '127.0.0.1', '-p', String(pg.port), '-U', pg.username, '-Fc', '-Z', '0', '-d', 'big'], { env, stdio: ['ignore', devNull, 'pipe'] })
      fs.closeSync(devNull)
      let stderr = ''
      p.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
      p.on('close', (code) => {
        if (code === 0) resolve()
        else reject(new Error(`pg_dump exited ${String(code)}: ${stderr}`))
      })
    })
    const rawSeconds = seconds(raw)
    // For context: the same dump written to a file on the same disk (pg_dump fsyncs it), as a location does.
    const toFile = process.hrtime.bigint()
    execFileSync('pg_dump', ['-h', '127.0.0.1', '-p', String(pg.port), '-U', pg.username, '-Fc', '-Z', '0', '-d', 'big', '-f', path.join(dir, 'raw.dump')], { env, stdio: 'ignore' })
    const toFileSeconds = seconds(toFile)
    fs.rmSync(path.join(dir, 'raw.dump'))
    const results: Record<string, unknown> = { databaseMB: Math.round(size / 2 ** 20), rawPgDumpSeconds: rawSeconds, rawPgDumpToFileSeconds: toFileSeconds }
    const variants = [
      { name: 'none', compression: 'none' as const, key: undefined },
      { name: 'gzip', compression: 'gzip' as const, key: undefined },
      { name: 'zstd', compression: 'zstd' as const, key: undefined },
      { name: 'zstd+aes-256-gcm', compression: 'zstd' as const, key: deriveKey('bench-key') },
    ]
    for (const { name, compression, key } of variants) {
      const before = process.memoryUsage().rss
      let peak = before
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
      const start = process.hrtime.bigint()
      const r = await takeBackup({ engine: postgresql, connection: conn, databases: ['big'], locations: [new FilesystemLocation('disk', path.join(dir, name))], compression, key, pathPrefix: 'bench', now: () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') })
      clearInterval(sampler)
      const s = seconds(start)
      fs.rmSync(path.join(dir, name), { recursive: true, force: true })
      results[name] = { ok: r.ok, seconds: s, storedMB: Math.round(r.size / 2 ** 20), throughputVsRawPgDump: rawSeconds / s, rssBeforeMB: Math.round(before / 2 ** 20), peakRssMB: Math.round(peak / 2 ** 20) }
    }
    return results
  } finally {
    await pg.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1]?.endsWith('bench/backup.ts') === true) {
  process.stdout.write(`${JSON.stringify(await runBackupBench(), null, 2)}\n`)
}
