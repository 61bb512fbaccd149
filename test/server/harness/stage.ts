import { Api } from './api.js'
import type { BackendName } from './backends.js'
import { createToken } from './cli.js'
import { type TestDatabase, createDatabase } from './databases.js'
import { type ServerProcess, startServer } from './server-process.js'

export interface TokenSpec {
  role: 'read' | 'plan' | 'apply' | 'admin'
  tenants: string[]
  name?: string
}

/** A database, tokens made with the CLI, and a server process on it. */
export interface Stage<T extends string> {
  db: TestDatabase
  server: ServerProcess
  tokens: Record<T, string>
  /** A client with the given token (default: the first one). */
  api(token?: T): Api
  restart(options?: { kill9?: boolean }): Promise<void>
  teardown(): Promise<void>
}

export async function stage<T extends string>(
  backend: BackendName, specs: Record<T, TokenSpec>,
  options: { args?: string[], env?: Record<string, string> } = {},
): Promise<Stage<T>> {
  const db = await createDatabase(backend)
  const names = Object.keys(specs) as T[]
  const made = await Promise.all(names.map((name) => {
    const spec = specs[name]
    return createToken(db.flags, spec.role, spec.tenants, spec.name ?? name)
  }))
  const pairs = names.map((name, index) => [name, made[index]])
  const tokens = Object.fromEntries(pairs) as Record<T, string>

  const first = names[0]
  if (first === undefined) throw new Error('a stage needs at least one token')

  let server = await startServer(db.flags, options)
  const current: Stage<T> = {
    db,
    server,
    tokens,
    api: (token?: T) => new Api(server.url, tokens[token ?? first]),
    restart: async ({ kill9 = false } = {}) => {
      if (kill9) await server.kill9()
      else await server.stop()
      server = await startServer(db.flags, options)
      current.server = server
    },
    teardown: async () => {
      if (server.process.exitCode === null) await server.stop()
      await db.drop()
    },
  }
  return current
}
