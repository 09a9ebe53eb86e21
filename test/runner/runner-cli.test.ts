/**
 * The runner as it runs in its Deployment: `runner serve` with a
 * configuration and mounted credentials, driven by the exec commands (which
 * wait, stream progress and exit non-zero on failure), against a real
 * PostgreSQL; and a crash in the middle of a backup.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunnerConfig } from '../../api/runner.js'
import { catalog } from '../../runner/catalog.js'
import { FilesystemLocation } from '../../runner/locations/filesystem.js'
import { type Server, freePort, requireServer, startPostgres } from '../support/db-servers.js'

const root = path.resolve(import.meta.dirname, '../..')

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
    await new Promise((r) => setTimeout(r, 200))
  }
}

describe.runIf(requireServer('postgresql'))('runner serve + exec commands', () => {
  let pg: Server
  let daemon: ChildProcess
  let env: NodeJS.ProcessEnv
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-'))
  const backups = path.join(dir, 'backups')
  const report = path.join(dir, 'report.json')
  const psql = (db: string, q: string) => execFileSync('psql', ['-h', '127.0.0.1', '-p', String(pg.port), '-U', pg.username, '-d', db, '-XAt', '-c', q], { env: { ...process.env, PGPASSWORD: pg.password }, encoding: 'utf8' }).trim()

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
      retention: { keep: { last: 10 }, minKeep: 1 },
      storage: { compression: 'gzip', encryption: true, pathPrefix: 'team-a/shop', locations: [{ name: 'disk', filesystem: { path: '/backups/disk' } }] },
      report: { configMap: 'shop-runner-report' },
      lease: { name: 'shop-runner-lock' },
    }
    fs.mkdirSync(path.join(dir, 'target'))
    fs.mkdirSync(path.join(dir, 'storage'))
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config))
    fs.writeFileSync(path.join(dir, 'target', 'username'), pg.username)
    fs.writeFileSync(path.join(dir, 'target', 'password'), pg.password)
    fs.writeFileSync(path.join(dir, 'storage', 'encryption.ENCRYPTION_KEY'), 'an-encryption-key-for-tests')
    env = { ...process.env, DBAAS_RUNNER_CONFIG: path.join(dir, 'config.json'), DBAAS_TARGET_CREDENTIALS: path.join(dir, 'target'), DBAAS_STORAGE_CREDENTIALS: path.join(dir, 'storage'), DBAAS_BACKUPS_ROOT: backups, DBAAS_RUNNER_SOCKET: path.join(dir, 'runner.sock'), DBAAS_RUNNER_REPORT: report, DBAAS_METRICS_PORT: String(await freePort()), DBAAS_TICK_SECONDS: '1' }
    daemon = spawn(process.execPath, ['--import', 'tsx', 'runner/main.ts', 'serve'], { cwd: root, env, stdio: 'ignore' })
    await until(() => fs.existsSync(report) && (JSON.parse(fs.readFileSync(report, 'utf8')) as { lastBackup?: unknown }).lastBackup !== undefined)
  }, 120_000)

  afterAll(async () => {
    if (daemon.exitCode === null) daemon.kill('SIGKILL')
    await pg.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('the schedule ran a backup at once (interval schedule, none before) and reported it', () => {
    const r = JSON.parse(fs.readFileSync(report, 'utf8'))
    expect(r).toMatchObject({ consecutiveFailures: 0, lastBackup: { ok: true, locations: [{ name: 'disk', ok: true }] }, stored: [{ location: 'disk', count: 1 }] })
    expect(r.lastScheduledTime).toBe(r.lastBackup.startTime)
  })

  it('backup waits, streams progress and exits 0; a second one at the same time exits 3', async () => {
    await new Promise((r) => setTimeout(r, 1100))
    const [a, b] = await Promise.all([runner(env, 'backup'), new Promise((r) => setTimeout(r, 150)).then(() => runner(env, 'backup'))])
    expect(a.code).toBe(0)
    expect(a.stderr).toContain('dumping db:shop')
    expect(JSON.parse(a.stdout)).toMatchObject({ ok: true })
    expect(b.code).toBe(3)
    expect(b.stderr).toMatch(/another action is running/)
  }, 60_000)

  it('list, restore --at into a new database, restore usage errors, verify, status, metrics', async () => {
    const list = await runner(env, 'list')
    expect(list.code).toBe(0)
    const rows = JSON.parse(list.stdout) as { id: string; time: string; complete: boolean }[]
    expect(rows.length).toBeGreaterThanOrEqual(2)
    expect(rows.every((r) => r.complete)).toBe(true)
    const restored = await runner(env, 'restore', '--at', rows[rows.length - 1]!.time, '--to', 'shop_copy')
    expect(restored.code).toBe(0)
    expect(restored.stderr).toMatch(/restoring backup \d{8}T\d{6}Z \(taken /)
    expect(psql('shop_copy', 'SELECT count(*) FROM orders')).toBe('20000')
    expect((await runner(env, 'restore')).code).toBe(2)
    expect((await runner(env, 'restore', '--backup', rows[0]!.id, '--in-place')).code).toBe(2)
    expect((await runner(env, 'restore', '--backup', '20200101T000000Z', '--to', 'x')).code).toBe(1)
    expect((await runner(env, 'verify')).code).toBe(0)
    const status = JSON.parse((await runner(env, 'status')).stdout)
    expect(status.lastVerification).toMatchObject({ ok: true })
    const metrics = await fetch(`http://127.0.0.1:${env.DBAAS_METRICS_PORT ?? ''}/metrics`).then((r) => r.text())
    expect(metrics).toMatch(/dbaas_backup_last_success_timestamp_seconds \d+/)
    expect(metrics).toContain('dbaas_backup_stored{location="disk"}')
  }, 120_000)

  it('a crash in the middle of a backup leaves nothing that looks complete', async () => {
    psql('shop', "INSERT INTO orders SELECT n, n, repeat('y', 2000) FROM generate_series(20001, 300000) AS n")
    const before = (await catalog(new FilesystemLocation('disk', path.join(backups, 'disk')), 'team-a/shop')).map((e) => e.id)
    void runner(env, 'backup')
    await until(() => fs.readdirSync(path.join(backups, 'disk', 'team-a', 'shop')).length > before.length, 30_000)
    await new Promise((r) => setTimeout(r, 300))
    daemon.kill('SIGKILL')
    await new Promise((r) => daemon.once('exit', r))
    const after = await catalog(new FilesystemLocation('disk', path.join(backups, 'disk')), 'team-a/shop')
    const fresh = after.filter((e) => !before.includes(e.id))
    expect(fresh.length).toBe(1)
    expect(fresh[0]!.complete).toBe(false)
    expect(after.filter((e) => e.complete).map((e) => e.id)).toEqual(before)
  }, 120_000)
})
