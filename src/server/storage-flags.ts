import { Flags } from '@oclif/core'

import { UserError } from '../errors.js'
import { DEFAULT_DB_FILE, type StorageLocation } from './storage/open-storage.js'

/**
 * `--db` / `--database-url`, shared by `server`, `server token create` and
 * `server verify-audit`: the same flags reach the same database, with or without a
 * running server.
 */
export const storageFlags = {
  'db': Flags.string({
    description: `SQLite database file (default: ${DEFAULT_DB_FILE}).`,
    exclusive: ['database-url'],
  }),
  'database-url': Flags.string({
    description: 'PostgreSQL URL (postgres://user:password@host:port/database); '
      + 'several servers may share one database.',
    env: 'OMSCTL_DATABASE_URL',
    exclusive: ['db'],
  }),
}

export function storageLocation(flags: { 'db'?: string, 'database-url'?: string }): StorageLocation {
  const url = flags['database-url']
  if (url === undefined) return { kind: 'sqlite', file: flags.db ?? DEFAULT_DB_FILE }

  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new UserError('--database-url must start with postgres:// or postgresql://', {
      code: 'usage', hint: 'for an SQLite file use --db FILE',
    })
  }

  return { kind: 'postgres', url }
}

/**
 * `--key-file`, for commands that need the server's key without running the server (the
 * audit chain is keyed with it). With neither the flag nor OMSCTL_SERVER_KEY, an SQLite
 * database's own key file (`server.key` beside it) is used.
 */
export const keyFlags = {
  'key-file': Flags.string({
    description: 'File holding the server\'s base64 key (default: OMSCTL_SERVER_KEY, or for '
      + 'SQLite the server.key beside the database).',
  }),
}
