import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { Api } from './harness/api.js'
import { backends, databaseUrl } from './harness/backends.js'
import { createToken, omsctl } from './harness/cli.js'
import { type TestDatabase, createDatabase } from './harness/databases.js'
import { resource, resources, role } from './harness/fixtures.js'
import { type ServerProcess, TEST_KEY, startServer } from './harness/server-process.js'

const cleanups: (() => Promise<unknown>)[] = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function fresh(backend: 'sqlite' | 'postgres'): Promise<{ db: TestDatabase, token: string }> {
  const db = await createDatabase(backend)
  cleanups.push(() => db.drop())
  return { db, token: await createToken(db.flags, 'admin', ['*'], 'admin') }
}

type ServeOptions = Parameters<typeof startServer>[1]

async function serve(db: TestDatabase | undefined, options?: ServeOptions): Promise<ServerProcess> {
  const server = await startServer(db?.flags ?? [], options)
  cleanups.push(() => server.process.exitCode === null ? server.stop() : Promise.resolve())
  return server
}

describe.each(backends)('server process (%s)', (backend) => {
  it('keeps every change across a graceful restart', async () => {
    const { db, token } = await fresh(backend)
    const first = await serve(db)
    await new Api(first.url, token).post(resources('acme'), role('ops'))

    const exitCode = await first.stop()
    const second = await serve(db)
    const read = await new Api(second.url, token).get(resource('acme', 'Role', 'ops'))

    expect(exitCode).toBe(0)
    expect(first.logs()).toContain('"msg":"stopped"')
    expect(read.body).toMatchObject({ version: 1, metadata: { name: 'ops' } })
  })

  it('loses no acknowledged change when killed with SIGKILL', async () => {
    const { db, token } = await fresh(backend)
    const server = await serve(db)
    const api = new Api(server.url, token)

    const answers = await Promise.all(Array.from({ length: 40 }, (_, index) =>
      api.post(resources('acme'), role(`role-${index}`))))
    await server.kill9()
    const again = await serve(db)
    const list = await new Api(again.url, token).get<{ items: unknown[] }>(resources('acme'))
    const verify = await new Api(again.url, token).get<{ ok: boolean, checked: number }>('/v1/audit/verify')

    expect(answers.every(answer => answer.status === 201)).toBe(true)
    expect(list.body.items).toHaveLength(40)
    expect(verify.body).toMatchObject({ ok: true, checked: 40 })
  })

  it('finishes a request in flight when asked to stop, then exits 0', async () => {
    const { db, token } = await fresh(backend)
    const server = await serve(db)
    const changes = Array.from({ length: 2000 }, (_, index) => ({
      op: 'create', kind: 'Role', name: `role-${index}`, resource: role(`role-${index}`),
    }))

    const inFlight = new Api(server.url, token).post('/v1/tenants/acme/changesets', { changes })
    await new Promise(resolve => setTimeout(resolve, 30))
    const stopped = server.stop()
    const answer = await inFlight

    expect(answer.status).toBe(200)
    expect(await stopped).toBe(0)
  })

  it('reports health without a token', async () => {
    const { db } = await fresh(backend)
    const server = await serve(db)

    const health = await new Api(server.url).get('/health')

    expect(health.body).toMatchObject({ status: 'ok', storage: backend, version: '0.1.0' })
  })

  it('limits requests per token with 429 and Retry-After', async () => {
    const { db, token } = await fresh(backend)
    const server = await serve(db, { args: ['--rate-limit', '5'] })
    const api = new Api(server.url, token)

    const statuses: number[] = []
    const limited = await (async () => {
      for (let index = 0; index < 6; index++) {
        const answer = await api.get(resources('acme'))
        statuses.push(answer.status)
        if (answer.status === 429) return answer
      }

      return undefined
    })()

    expect(statuses).toEqual([200, 200, 200, 200, 200, 429])
    expect(limited?.body).toMatchObject({ error: 'rate_limited' })
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0)
  })

  it('refuses a body over the size limit with 413', async () => {
    const { db, token } = await fresh(backend)
    const server = await serve(db, { args: ['--body-limit', '1'] })

    const big = { ...role('big'), metadata: { name: 'big', annotations: { note: 'x'.repeat(1_200_000) } } }
    const answer = await new Api(server.url, token).post(resources('acme'), big)

    expect(answer.status).toBe(413)
    expect(answer.body).toMatchObject({ error: 'payload_too_large' })
  })
})

describe('server command', () => {
  it('creates a key file (0600) beside a new SQLite database and says so', async () => {
    const { db } = await fresh('sqlite')
    const server = await serve(db, { env: { OMSCTL_SERVER_KEY: '' } })

    const keyFile = path.join(db.dir, 'server.key')

    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    expect(server.logs()).toContain('generated a new secret key file')
  })

  it('with no flags creates .omsctl/ with its database and key in an empty folder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'omsctl-server-empty-'))
    cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })))

    const server = await serve(undefined, { cwd: dir, env: { OMSCTL_SERVER_KEY: '' } })
    const health = await new Api(server.url).get<{ status: string }>('/health')

    expect(health.status).toBe(200)
    expect(existsSync(path.join(dir, '.omsctl', 'server.db'))).toBe(true)
    expect(statSync(path.join(dir, '.omsctl', 'server.key')).mode & 0o777).toBe(0o600)
  })

  it.runIf(databaseUrl !== undefined)('refuses PostgreSQL without a key', async () => {
    const { db } = await fresh('postgres')

    const result = await omsctl(['server', '--port', '0', ...db.flags], { OMSCTL_SERVER_KEY: '' })

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('No secret key for the server')
    expect(result.stderr).not.toContain('    at ')
  })

  it.each([
    [['--db', 'x.db', '--database-url', 'postgres://h/db'], 'cannot also be provided'],
    [['--database-url', 'mysql://h/db'], '--database-url must start with postgres://'],
  ])('refuses %j with exit 1', async (args, message) => {
    const result = await omsctl(['server', '--port', '0', ...args])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain(message)
  })

  it('refuses a port in use with exit 1 and a hint', async () => {
    const { db } = await fresh('sqlite')
    const server = await serve(db)
    const port = new URL(server.url).port

    const result = await omsctl(['server', '--port', port, ...db.flags], { OMSCTL_SERVER_KEY: TEST_KEY })

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`)
  })

  it('token create prints the token alone; --json adds its id, name, role and tenants', async () => {
    const { db } = await fresh('sqlite')

    const plain = await omsctl(['server', 'token', 'create', '--role', 'apply', '--tenant', 'acme-eu', ...db.flags])
    const json = await omsctl(['server', 'token', 'create', '--role', 'read', '--tenant', 'a1', '--tenant', 'b2',
      '--name', 'dash', '--json', ...db.flags])
    const bad = await omsctl(['server', 'token', 'create', '--role', 'read', '--tenant', 'Not A Tenant', ...db.flags])

    expect(plain.exitCode).toBe(0)
    expect(plain.stdout).toMatch(/^omsctl_[A-Za-z0-9_-]{43}$/)
    expect(JSON.parse(String(json.stdout))).toMatchObject({ name: 'dash', role: 'read', tenants: ['a1', 'b2'] })
    expect(bad.exitCode).toBe(1)
    expect(bad.stderr).toContain('Invalid tenant "Not A Tenant"')
  })
})
