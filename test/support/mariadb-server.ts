/**
 * A throwaway MariaDB server from Debian's packages: mariadb-install-db into
 * a temp directory, mariadbd on a free loopback port with its unix socket in
 * the same directory, and a `dbaas` user with a password. As root (CI),
 * mariadbd runs with --user=root, which it accepts when told explicitly.
 */
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freePort, isRoot, requireBinaries, type Server, stopper, tail, waitPort } from './server-process.js'

export const MARIADB_PASSWORD = 'test-password'

/** True when MariaDB's server and client tools are installed (see requireBinaries for CI). */
export function requireMariadb(): boolean {
  const present = ['/usr/bin/mariadb-install-db', '/usr/sbin/mariadbd', '/usr/bin/mariadb', '/usr/bin/mariadb-dump'].every((f) => fs.existsSync(f))
  return requireBinaries('MariaDB', present, 'mariadb-server mariadb-client')
}

export async function startMariadb(): Promise<Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maria-'))
  const data = path.join(dir, 'data')
  const user = isRoot ? ['--user=root'] : []
  execFileSync('mariadb-install-db', [`--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...user], { stdio: 'pipe' })
  const port = await freePort()
  const socket = path.join(dir, 'mysqld.sock')
  const child = spawn('/usr/sbin/mariadbd', ['--no-defaults', `--datadir=${data}`, `--port=${port}`, '--bind-address=127.0.0.1', `--socket=${socket}`, `--pid-file=${path.join(dir, 'mariadbd.pid')}`, '--innodb-flush-log-at-trx-commit=0', '--skip-log-bin', ...user], { stdio: ['ignore', 'pipe', 'pipe'] })
  await waitPort(port, child, tail(child))
  execFileSync('mariadb', ['--no-defaults', `--socket=${socket}`, '-u', 'root', '-e', `CREATE USER 'dbaas'@'%' IDENTIFIED BY '${MARIADB_PASSWORD}'; GRANT ALL ON *.* TO 'dbaas'@'%' WITH GRANT OPTION;`], { stdio: 'pipe' })
  return { port, username: 'dbaas', password: MARIADB_PASSWORD, dir, stop: stopper(child, dir) }
}
