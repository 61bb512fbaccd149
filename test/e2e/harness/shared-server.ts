import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll } from 'vitest'

import { LiveApi } from './live-api.js'
import { createToken, type OmsServer, startOms } from './oms-server.js'

/** The reference server of a test file, with a token for each user it was asked for. */
export interface SharedServer {
  readonly url: string
  /** The SQLite file the server stores its data in. */
  readonly db: string
  token(user: string): string
  /** The API as that user, for changes behind omsctl's back and for reading live state. */
  api(user: string): LiveApi
}

/**
 * Starts one `omsctl server` on a fresh SQLite file before the tests of the file that calls
 * it, and stops it after them. `users` maps a user name to its role; every token reaches
 * every tenant. Read the fields inside tests (or hooks) only: they are set in beforeAll.
 */
export function sharedServer(users: Record<string, string>): SharedServer {
  const state: { dir?: string, server?: OmsServer, tokens: Map<string, string> } = {
    tokens: new Map(),
  }

  beforeAll(async () => {
    state.dir = await mkdtemp(path.join(tmpdir(), 'omsctl-e2e-db-'))
    const db = path.join(state.dir, 'oms.db')
    state.server = await startOms(db)
    const names = Object.keys(users)
    const tokens = await Promise.all(names.map(name => createToken(db, users[name]!, name)))
    names.forEach((name, index) => state.tokens.set(name, tokens[index]!))
  })

  afterAll(async () => {
    await state.server?.stop()
    if (state.dir) await rm(state.dir, { recursive: true, force: true })
  })

  const running = (): OmsServer => {
    if (!state.server) throw new Error('the shared server is read outside a test')
    return state.server
  }
  const token = (user: string): string => {
    const known = state.tokens.get(user)
    if (known === undefined) throw new Error(`no token for ${user}: name it in sharedServer()`)
    return known
  }

  return {
    get url() {
      return running().url
    },
    get db() {
      return running().db
    },
    token,
    api: user => new LiveApi(running().url, token(user)),
  }
}
