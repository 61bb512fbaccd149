import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'

import pg from 'pg'

import { type BackendName, databaseUrl } from './backends.js'

/** A fresh, empty database of one backend, and how to drop it. */
export interface TestDatabase {
  backend: BackendName
  /** The CLI flags that reach it: `--db FILE` or `--database-url URL`. */
  flags: string[]
  /** Folder for files of this test (the SQLite file and its key live here). */
  dir: string
  sqliteFile?: string
  url?: string
  drop(): Promise<void>
}

export async function createDatabase(backend: BackendName): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'omsctl-server-'))
  if (backend === 'sqlite') {
    const sqliteFile = path.join(dir, 'server.db')
    return {
      backend,
      flags: ['--db', sqliteFile],
      dir,
      sqliteFile,
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    }
  }

  if (databaseUrl === undefined) throw new Error('OMSCTL_TEST_DATABASE_URL is not set')

  const name = `omsctl_t_${randomBytes(6).toString('hex')}`
  await admin(client => client.query(`CREATE DATABASE ${name}`))
  const url = new URL(databaseUrl)
  url.pathname = `/${name}`
  return {
    backend,
    flags: ['--database-url', url.toString()],
    dir,
    url: url.toString(),
    drop: async () => {
      await admin(client => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function admin(work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await work(client)
  } finally {
    await client.end()
  }
}

/** Runs SQL straight against a test database, as an attacker with file access would. */
export async function tamper(database: TestDatabase, sql: string): Promise<void> {
  await query(database, sql)
}

/**
 * Runs SQL (several statements allowed) straight against a test database and returns the
 * rows of a lone SELECT; `?` placeholders bind `values` in order on both backends.
 */
export async function query<T = Record<string, unknown>>(
  database: TestDatabase, sql: string, values: unknown[] = [],
): Promise<T[]> {
  if (database.backend === 'sqlite') {
    const { default: Database } = await import('better-sqlite3')
    const db = new Database(database.sqliteFile ?? '')
    try {
      if (values.length === 0 && !/^\s*SELECT/i.test(sql)) {
        db.exec(sql)
        return []
      }

      const statement = db.prepare(sql)
      if (statement.reader) return statement.all(...values) as T[]

      statement.run(...values)
      return []
    } finally {
      db.close()
    }
  }

  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  try {
    let index = 0
    const text = values.length === 0 ? sql : sql.replaceAll('?', () => `$${++index}`)
    const result = await client.query(text, values)
    return (Array.isArray(result) ? [] : result.rows) as T[]
  } finally {
    await client.end()
  }
}
