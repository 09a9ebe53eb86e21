/**
 * The runner as it runs in its Deployment: `runner serve` with a
 * configuration and mounted credentials, driven by the exec commands (which
 * wait, stream progress and exit non-zero on failure), against a real
 * PostgreSQL; its JSON logs carry no secret; SIGTERM cancels a backup
 * cleanly; and a crash (SIGKILL) in the middle of a backup leaves nothing
 * that looks complete.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunnerConfig } from '../../api/runner.js'
import { catalog } from '../../runner/catalog.js'
import { FilesystemLocation } from '../../runner/locations/filesystem.js'
import { requirePostgres, startPostgres } from '../support/postgres-server.js'
import { freePort, type Server } from '../support/server-process.js'

const root = path.resolve(import.meta.dirname, '../..')
const ENCRYPTION_KEY = 'an-encryption-key-for-tests'

function runner(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'runner/main.ts', ...args], { cwd: root, env }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr })
    })
  })
}

async function until(check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe.runIf(requirePostgres())('runner serve + exec commands', () => {
  let pg: Server
  let daemon: ChildProcess
  let env: NodeJS.ProcessEnv
  let logs = ''
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-'))
  const backups = path.join(dir, 'backups')
  const report = path.join(dir, 'report.json')
  const disk = () => new FilesystemLocation('disk', path.join(backups, 'disk'))
  const psql = (db: string, q: string) => execFileSync('psql', ['-h', '127.0.0.1', '-p', String(pg.port), '-U', pg.username, '-d', db, '-XAt', '-c', q], { env: { ...process.env, PGPASSWORD: pg.password }, encoding: 'utf8' }).trim()
  const readReport = () => JSON.parse(fs.readFileSync(report, 'utf8'))
  const serve = () => {
    daemon = spawn(process.execPath, ['--import', 'tsx', 'runner/main.ts', 'serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    daemon.stdout?.on('data', (d: Buffer) => (logs += d.toString()))
    daemon.stderr?.on('data', (d: Buffer) => (logs += d.toString()))
  }

  beforeAll(async () => {
    pg = await startPostgres()
    psql('postgres', 'CREATE DATABASE shop')
    psql('shop', "CREATE TABLE orders AS SELECT n AS id, n * 10 AS amount, repeat('x', 200) AS note FROM generate_series(1, 20000) AS n")
    const config: RunnerConfig = {
      apiVersion: 'backup.dbaas.io/v1alpha1',
      kind: 'RunnerConfig',
      backup: { name: 'shop', namespace: 'team-a', uid: 'uid-shop' },
      engine: 'postgresql',
      target: { host: '127.0.0.1', port: pg.port, databases: ['shop'], tls: 'disable' },
      schedule: '1d',
      timeZone: 'UTC',
      suspend: false,
      timeoutSeconds: 600,
      retention: { keep: { last: 2 }, minKeep: 1 },
      storage: { compression: 'zstd', encryption: true, pathPrefix: 'team-a/shop', locations: [{ name: 'disk', filesystem: { path: '/backups/disk' } }] },
      report: { configMap: 'shop-runner-report' },
      lease: { name: 'shop-runner-lock' },
    }
    fs.mkdirSync(path.join(dir, 'target'))
    fs.mkdirSync(path.join(dir, 'storage'))
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config))
    fs.writeFileSync(path.join(dir, 'target', 'username'), pg.username)
    fs.writeFileSync(path.join(dir, 'target', 'password'), pg.password)
    fs.writeFileSync(path.join(dir, 'storage', 'encryption.ENCRYPTION_KEY'), ENCRYPTION_KEY)
    env = { ...process.env, DBAAS_RUNNER_CONFIG: path.join(dir, 'config.json'), DBAAS_TARGET_CREDENTIALS: path.join(dir, 'target'), DBAAS_STORAGE_CREDENTIALS: path.join(dir, 'storage'), DBAAS_BACKUPS_ROOT: backups, DBAAS_RUNNER_SOCKET: path.join(dir, 'runner.sock'), DBAAS_RUNNER_REPORT: report, DBAAS_METRICS_PORT: String(await freePort()), DBAAS_METRICS_HOST: '127.0.0.1', DBAAS_TICK_SECONDS: '1' }
    serve()
    await until(() => fs.existsSync(report) && readReport().lastBackup !== undefined && readReport().running === undefined)
  }, 120_000)

  afterAll(async () => {
    if (daemon.exitCode === null) daemon.kill('SIGKILL')
    await pg.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('the schedule ran a backup at once (interval schedule, none before) and reported it', () => {
    const r = readReport()
    expect(r).toMatchObject({ consecutiveFailures: 0, lastBackup: { ok: true, locations: [{ name: 'disk', ok: true }] }, stored: [{ location: 'disk', count: 1 }] })
    expect(r.lastScheduledTime).toBe(r.lastBackup.startTime)
    expect(r.lastSuccessfulTime).toBe(r.lastBackup.endTime)
  })

  it('backup waits, streams progress and exits 0; two at the same time: the other exits 3', async () => {
    await new Promise((r) => setTimeout(r, 1100))
    // A session holding an exclusive lock on the table for 6 s keeps the first backup's pg_dump
    // waiting, so the second request always finds it running, however slowly either client starts.
    const locker = spawn('psql', ['-h', '127.0.0.1', '-p', String(pg.port), '-U', pg.username, '-d', 'shop', '-XAtq', '-c', 'BEGIN; LOCK TABLE orders IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(6); COMMIT;'], { env: { ...process.env, PGPASSWORD: pg.password }, stdio: 'ignore' })
    const unlocked = new Promise((r) => locker.once('exit', r))
    await until(() => psql('shop', "SELECT count(*) FROM pg_locks WHERE mode = 'AccessExclusiveLock' AND relation = 'orders'::regclass") !== '0', 10_000)
    const both = await Promise.all([runner(env, 'backup'), runner(env, 'backup')])
    await unlocked
    const done = both.find((r) => r.code === 0)
    const refused = both.find((r) => r.code === 3)
    expect(done?.stderr).toContain('dumping db:shop')
    expect(done?.stderr).toMatch(/backup \d{8}T\d{6}Z complete/)
    expect(JSON.parse(done?.stdout ?? '{}')).toMatchObject({ ok: true, locations: [{ name: 'disk', ok: true }] })
    expect(refused?.stderr).toMatch(/error: another action is running \(backup\)/)
  }, 60_000)

  it('list shows each location with times, sizes and checksum status; --verify hashes them; retention kept the last 2', async () => {
    await new Promise((r) => setTimeout(r, 1100))
    expect((await runner(env, 'backup')).code).toBe(0)
    const table = await runner(env, 'list')
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/^disk\n {2}\d{8}T\d{6}Z {2}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ +[\d.]+ (KiB|MiB) {2}complete +checksum unchecked {2}shop\n/)
    const listed = JSON.parse((await runner(env, 'list', '--verify', '--json')).stdout) as { location: string; backups: { id: string; time: string; complete: boolean; checksumStatus: string }[] }[]
    expect(listed.map((l) => l.location)).toEqual(['disk'])
    expect(listed[0]!.backups).toHaveLength(2)
    expect(listed[0]!.backups.every((b) => b.complete && b.checksumStatus === 'ok')).toBe(true)
    expect(readReport().stored).toEqual([expect.objectContaining({ location: 'disk', count: 2 })])
  }, 60_000)

  it('restore --at says which backup before starting and restores into a new database; usage errors exit 2, failures 1', async () => {
    const listed = JSON.parse((await runner(env, 'list', '--json')).stdout) as { backups: { id: string; time: string }[] }[]
    const newest = listed[0]!.backups.at(-1)!
    const restored = await runner(env, 'restore', '--at', newest.time, '--to', 'shop_copy')
    expect(restored.code).toBe(0)
    expect(restored.stderr.split('\n')[0]).toBe(`restoring backup ${newest.id} (taken ${newest.time}) from disk`)
    expect(JSON.parse(restored.stdout)).toEqual({ backupId: newest.id, location: 'disk', databases: ['shop_copy'] })
    expect(psql('shop_copy', 'SELECT count(*), sum(amount) FROM orders')).toBe('20000|2000100000')
    expect((await runner(env, 'restore')).code).toBe(2)
    expect((await runner(env, 'restore', '--backup', newest.id, '--in-place')).code).toBe(2)
    expect((await runner(env, 'restore', '--at', 'yesterday')).code).toBe(2)
    const missing = await runner(env, 'restore', '--backup', '20200101T000000Z', '--to', 'x')
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/there is no backup 20200101T000000Z/)
    const wrong = await runner(env, 'restore', '--backup', newest.id, '--in-place', '--confirm', 'shop,other')
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toMatch(/confirm with exactly that/)
  }, 120_000)

  it('verify, status with the next runs, metrics and probes; the logs are JSON without secrets', async () => {
    const verified = await runner(env, 'verify')
    expect(verified.code).toBe(0)
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true })
    const status = JSON.parse((await runner(env, 'status')).stdout)
    expect(status).toMatchObject({ lastVerification: { ok: true }, locations: ['disk'], schedule: { problems: [] } })
    expect(Date.parse(status.schedule.nextBackup)).toBe(Date.parse(status.lastScheduledTime) + 86_400_000)
    const base = `http://127.0.0.1:${env.DBAAS_METRICS_PORT ?? ''}`
    const metrics = await fetch(`${base}/metrics`).then((r) => r.text())
    expect(metrics).toMatch(/dbaas_backup_last_success_timestamp_seconds \d+/)
    expect(metrics).toMatch(/dbaas_backup_size_bytes \d+/)
    expect(metrics).toMatch(/dbaas_backup_duration_seconds [\d.]+/)
    expect(metrics).toContain('dbaas_backup_consecutive_failures 0')
    expect(metrics).toContain('dbaas_backup_running{action="backup"} 0')
    expect(metrics).toMatch(/dbaas_backup_next_scheduled_timestamp_seconds\{action="backup"\} \d+/)
    expect(metrics).toContain('dbaas_backup_stored{location="disk"} 2')
    expect(metrics).toContain('dbaas_backup_last_verification_success 1')
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
    expect((await fetch(`${base}/readyz`)).status).toBe(200)
    const lines = logs.trim().split('\n')
    expect(lines.length).toBeGreaterThan(2)
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) })
    expect(logs).toContain('scheduled backup finished')
    expect(logs).not.toContain(pg.password)
    expect(logs).not.toContain(ENCRYPTION_KEY)
  }, 120_000)

  it('SIGTERM in the middle of a backup cancels it cleanly: nothing partial is left and the runner exits 0', async () => {
    psql('shop', "INSERT INTO orders SELECT n, n, repeat('y', 2000) FROM generate_series(20001, 400000) AS n")
    const before = (await catalog(disk(), 'team-a/shop')).map((e) => e.id)
    const running = runner(env, 'backup')
    await until(() => readReport().running !== undefined, 30_000)
    await until(() => fs.readdirSync(path.join(backups, 'disk', 'team-a', 'shop')).length > before.length, 30_000)
    await new Promise((r) => setTimeout(r, 200))
    daemon.kill('SIGTERM')
    const code = await new Promise((r) => daemon.once('exit', r))
    expect(code).toBe(0)
    const client = await running
    expect(client.code).toBe(1)
    expect(client.stderr).toMatch(/shutting down/)
    expect((await catalog(disk(), 'team-a/shop')).map((e) => e.id)).toEqual(before)
    expect(readReport()).toMatchObject({ lastBackup: { ok: false, error: expect.stringMatching(/shutting down/) }, consecutiveFailures: 1 })
    expect(readReport().running).toBeUndefined()
  }, 120_000)

  it('a crash (SIGKILL) in the middle of a backup leaves nothing that looks complete', async () => {
    serve()
    for (let i = 0; (await runner(env, 'status')).code !== 0; i++) {
      if (i > 100) throw new Error('the runner did not come back')
      await new Promise((r) => setTimeout(r, 200))
    }
    const before = (await catalog(disk(), 'team-a/shop')).filter((e) => e.complete).map((e) => e.id)
    void runner(env, 'backup')
    await until(() => readReport().running !== undefined, 30_000)
    await until(() => (fs.readdirSync(path.join(backups, 'disk', 'team-a', 'shop')).length > before.length), 30_000)
    await new Promise((r) => setTimeout(r, 300))
    daemon.kill('SIGKILL')
    await new Promise((r) => daemon.once('exit', r))
    const after = await catalog(disk(), 'team-a/shop')
    const fresh = after.filter((e) => !before.includes(e.id))
    expect(fresh).toHaveLength(1)
    expect(fresh[0]!.complete).toBe(false)
    expect(fresh[0]!.keys.every((k) => k.endsWith('.partial'))).toBe(true)
    expect(after.filter((e) => e.complete).map((e) => e.id)).toEqual(before)
  }, 120_000)
})
