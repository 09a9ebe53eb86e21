/**
 * Throwaway PostgreSQL and MariaDB servers for integration tests: a temporary
 * data directory, a free port on loopback, a unix socket in the same
 * directory. PostgreSQL refuses to run as root, so as root (CI) it runs as
 * the `postgres` user. Under CI=true a missing binary is an error, never a skip.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export interface Server {
  port: number
  username: string
  password: string
  stop: () => Promise<void>
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => { resolve(port); })
    })
  })
}

function pgBin(): string | undefined {
  const base = '/usr/lib/postgresql'
  if (!fs.existsSync(base)) return undefined
  const versions = fs.readdirSync(base).sort((a, b) => Number(b) - Number(a))
  return versions.map((v) => path.join(base, v, 'bin')).find((d) => fs.existsSync(path.join(d, 'initdb')))
}

export function available(kind: 'postgresql' | 'mariadb'): boolean {
  return kind === 'postgresql' ? pgBin() !== undefined && fs.existsSync('/usr/bin/pg_dump') : fs.existsSync('/usr/bin/mariadb-install-db') && fs.existsSync('/usr/sbin/mariadbd')
}

/** Skip locally when the server is not installed; in CI, fail instead. */
export function requireServer(kind: 'postgresql' | 'mariadb'): boolean {
  if (available(kind)) return true
  if (process.env.CI === 'true') throw new Error(`${kind} is not installed; .ci/run must install it`)
  return false
}

const asRoot = process.getuid?.() === 0

function asUser(user: string, command: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', user, '--', command, ...args]] : [command, args]
}

async function waitPort(port: number, ms = 30_000): Promise<void> {
  const until = Date.now() + ms
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, '127.0.0.1', () => {
        sock.end()
        resolve(true)
      })
      sock.on('error', () => { resolve(false); })
    })
    if (ok) return
    if (Date.now() > until) throw new Error(`nothing listens on ${port}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

function stopper(child: ChildProcess, dir: string): () => Promise<void> {
  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.on('exit', r))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
      if (child.exitCode === null) child.kill('SIGKILL')
    }
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

export async function startPostgres(): Promise<Server> {
  const bin = pgBin()
  if (bin === undefined) throw new Error('PostgreSQL is not installed')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-'))
  fs.chmodSync(dir, 0o777)
  const data = path.join(dir, 'data')
  const pwfile = path.join(dir, 'pw')
  fs.writeFileSync(pwfile, 'test-password\n')
  fs.chmodSync(pwfile, 0o644)
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir])
  const [cmd, args] = asUser('postgres', path.join(bin, 'initdb'), ['-D', data, '-U', 'dbaas', '--pwfile', pwfile, '-A', 'scram-sha-256', '--no-sync'])
  execFileSync(cmd, args, { stdio: 'pipe' })
  const port = await freePort()
  const [pcmd, pargs] = asUser('postgres', path.join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'])
  const child = spawn(pcmd, pargs, { stdio: 'ignore' })
  await waitPort(port)
  await new Promise((r) => setTimeout(r, 300))
  return { port, username: 'dbaas', password: 'test-password', stop: stopper(child, dir) }
}

export async function startMariadb(): Promise<Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maria-'))
  const data = path.join(dir, 'data')
  const user = asRoot ? ['--user=root'] : []
  execFileSync('mariadb-install-db', [`--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...user], { stdio: 'pipe' })
  const port = await freePort()
  const socket = path.join(dir, 'mysqld.sock')
  const child = spawn('/usr/sbin/mariadbd', [`--datadir=${data}`, `--port=${port}`, '--bind-address=127.0.0.1', `--socket=${socket}`, `--pid-file=${path.join(dir, 'pid')}`, '--skip-grant-tables=0', '--innodb-flush-log-at-trx-commit=0', ...user], { stdio: 'ignore' })
  await waitPort(port)
  execFileSync('mariadb', [`--socket=${socket}`, '-u', 'root', '-e', "CREATE USER 'dbaas'@'%' IDENTIFIED BY 'test-password'; GRANT ALL ON *.* TO 'dbaas'@'%' WITH GRANT OPTION;"], { stdio: 'pipe' })
  return { port, username: 'dbaas', password: 'test-password', stop: stopper(child, dir) }
}
