/**
 * A throwaway PostgreSQL server from Debian's packages: initdb into a temp
 * directory, a free port on loopback, the unix socket in the same directory,
 * password (SCRAM) authentication for the `dbaas` superuser. PostgreSQL
 * refuses to run as root, so as root (CI) initdb and postgres run as the
 * `postgres` OS user.
 */
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { asUser, freePort, isRoot, requireBinaries, type Server, stopper, tail, waitPort } from './server-process.js'

export const PG_PASSWORD = 'test-password'

function pgBin(): string | undefined {
  const base = '/usr/lib/postgresql'
  if (!fs.existsSync(base)) return undefined
  const versions = fs.readdirSync(base).sort((a, b) => Number(b) - Number(a))
  return versions.map((v) => path.join(base, v, 'bin')).find((d) => fs.existsSync(path.join(d, 'initdb')) && fs.existsSync(path.join(d, 'postgres')))
}

/** True when PostgreSQL and its client tools are installed (see requireBinaries for CI). */
export function requirePostgres(): boolean {
  const present = pgBin() !== undefined && ['pg_dump', 'pg_restore', 'pg_dumpall', 'psql'].every((t) => fs.existsSync(`/usr/bin/${t}`))
  return requireBinaries('PostgreSQL', present, 'postgresql postgresql-client')
}

export async function startPostgres(): Promise<Server> {
  const bin = pgBin()
  if (bin === undefined) throw new Error('PostgreSQL is not installed (apt-get install -y postgresql)')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-'))
  fs.chmodSync(dir, 0o755)
  const data = path.join(dir, 'data')
  const pwfile = path.join(dir, 'pw')
  fs.writeFileSync(pwfile, `${PG_PASSWORD}\n`)
  if (isRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir])
  const [icmd, iargs] = asUser('postgres', path.join(bin, 'initdb'), ['-D', data, '-U', 'dbaas', '--pwfile', pwfile, '-A', 'scram-sha-256', '--no-sync', '-E', 'UTF8', '--locale', 'C'])
  execFileSync(icmd, iargs, { stdio: 'pipe' })
  const port = await freePort()
  const [cmd, args] = asUser('postgres', path.join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'synchronous_commit=off'])
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  await waitPort(port, child, tail(child))
  // The port opens before the server accepts logins; wait until it does.
  for (let i = 0; ; i++) {
    try {
      execFileSync('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'dbaas', '-d', 'postgres', '-XAtc', 'SELECT 1'], { env: { ...process.env, PGPASSWORD: PG_PASSWORD }, stdio: 'pipe' })
      break
    } catch (error: unknown) {
      if (i > 100) throw error
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  return { port, username: 'dbaas', password: PG_PASSWORD, dir, stop: stopper(child, dir) }
}
