/** Engine name → implementation. */
import type { BackupEngine as EngineName } from '../../api/database-backup.js'
import { cockroach } from './cockroach.js'
import type { BackupEngine } from './engine.js'
import { mongodb } from './mongodb.js'
import { mysqlEngine } from './mysql.js'
import { postgresql } from './postgresql.js'

export function engineFor(name: EngineName): BackupEngine {
  switch (name) {
    case 'postgresql':
      return postgresql
    case 'mysql':
      return mysqlEngine('mysql')
    case 'mariadb':
      return mysqlEngine('mariadb')
    case 'mongodb':
      return mongodb
    case 'cockroach':
      return cockroach
  }
}
