import { UserError } from '../../errors.js'
import type { Storage } from './storage.js'

/** Where the server keeps its data: an SQLite file, or a PostgreSQL URL. */
export type StorageLocation
  = | SqliteLocation
    | { kind: 'postgres', url: string }

export interface SqliteLocation {
  kind: 'sqlite'
  file: string
  synchronous?: 'normal' | 'full'
  /** Checkpoint on a worker thread: what a running server wants, not a one-shot command. */
  backgroundCheckpoints?: boolean
}

/** The embedded default, relative to the working directory. */
export const DEFAULT_DB_FILE = '.omsctl/server.db'

/**
 * Opens and migrates the store. Each backend's driver is imported here, on demand, so
 * that loading the server for SQLite never loads pg and the other way round.
 */
export async function openStorage(location: StorageLocation): Promise<Storage> {
  try {
    return await open(location)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new UserError(`Cannot open the database (${describeLocation(location)}): ${reason}`, {
      code: 'server/storage',
      hint: location.kind === 'sqlite'
        ? 'check that the folder of --db exists or can be created, and is writable'
        : 'check that PostgreSQL runs and that --database-url names a database you may use',
      cause: error,
    })
  }
}

async function open(location: StorageLocation): Promise<Storage> {
  if (location.kind === 'sqlite') {
    const { SqliteStorage } = await import('./sqlite.js')
    return new SqliteStorage(location.file, location)
  }

  const { PostgresStorage } = await import('./postgres.js')
  const storage = new PostgresStorage(location.url)
  try {
    await storage.migrate()
  } catch (error) {
    await storage.close()
    throw error
  }

  return storage
}

/** A URL safe to print: the password, if any, replaced. */
export function describeLocation(location: StorageLocation): string {
  if (location.kind === 'sqlite') return `sqlite ${location.file}`

  try {
    const url = new URL(location.url)
    if (url.password) url.password = '***'
    return `postgres ${url.toString()}`
  } catch {
    return 'postgres (unparsable URL)'
  }
}
