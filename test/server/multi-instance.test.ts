import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { Api } from './harness/api.js'
import { databaseUrl } from './harness/backends.js'
import { createToken } from './harness/cli.js'
import { type TestDatabase, createDatabase } from './harness/databases.js'
import { resource, resources, role } from './harness/fixtures.js'
import { type ServerProcess, startServer } from './harness/server-process.js'

describe.runIf(databaseUrl !== undefined)('two server instances on one PostgreSQL database', () => {
  let db: TestDatabase
  let servers: ServerProcess[]
  let a: Api
  let b: Api

  beforeAll(async () => {
    db = await createDatabase('postgres')
    const token = await createToken(db.flags, 'admin', ['*'])
    servers = await Promise.all([startServer(db.flags), startServer(db.flags)])
    a = new Api(servers[0]?.url ?? '', token)
    b = new Api(servers[1]?.url ?? '', token)
  })

  afterAll(async () => {
    await Promise.all(servers.map(server => server.stop()))
    await db.drop()
  })

  it('lets exactly one of two writers of one version win, across instances', async () => {
    await a.post(resources('acme'), role('ops'))

    const outcomes = await Promise.all([a, b].map((api, index) =>
      api.put(resource('acme', 'Role', 'ops'), role('ops', [index === 0 ? 'orders:update' : 'orders:cancel']),
        { headers: { 'if-match': '"1"' } })))

    expect(outcomes.map(outcome => outcome.status).sort()).toEqual([200, 412])
  })

  it('answers 409 to the losers of concurrent creates of one name, across instances', async () => {
    const rounds = await Promise.all(Array.from({ length: 5 }, async (_, round) => {
      const outcomes = await Promise.all([a, b, a, b].map(api => api.post(resources('race'), role(`race-${round}`))))
      return outcomes.map(outcome => outcome.status).sort()
    }))
    const audit = await a.get<{ items: unknown[] }>('/v1/tenants/race/audit?limit=100')

    expect(rounds).toEqual(Array.from({ length: 5 }, () => [201, 409, 409, 409]))
    expect(audit.body.items).toHaveLength(5)
  })

  it('applies one request retried on both instances at once exactly once', async () => {
    const rounds = await Promise.all(Array.from({ length: 5 }, async (_, round) => {
      const key = `retry-${round}`
      const outcomes = await Promise.all([a, b].map(api =>
        api.post<{ version: number }>(resources('retry'), role(`retry-${round}`), { idempotencyKey: key })))
      return outcomes.map(outcome => `${outcome.status} v${outcome.body.version}`)
    }))
    const audit = await b.get<{ items: unknown[] }>('/v1/tenants/retry/audit?limit=100')

    expect(rounds).toEqual(Array.from({ length: 5 }, () => ['201 v1', '201 v1']))
    expect(audit.body.items).toHaveLength(5)
  })

  it('holds the apply lock across instances', async () => {
    const lock = await a.post<{ lockId: string }>('/v1/tenants/locked/lock', { holder: 'ci', ttlSeconds: 60 })

    const other = await b.post('/v1/tenants/locked/lock', { holder: 'alice', ttlSeconds: 60 })
    const write = await b.post(resources('locked'), role('ops'))
    const holder = await b.post(resources('locked'), role('ops'), { headers: { 'x-omsctl-lock-id': lock.body.lockId } })

    expect(other.status).toBe(423)
    expect(write.status).toBe(423)
    expect(holder.status).toBe(201)
  })

  it('keeps one intact audit chain under concurrent writes from both', async () => {
    await Promise.all(Array.from({ length: 30 }, (_, index) =>
      (index % 2 === 0 ? a : b).post(resources('chain'), role(`role-${index}`))))

    const verify = await a.get<{ ok: boolean, problems: unknown[] }>('/v1/audit/verify')
    const creates = await b.get<{ items: unknown[] }>('/v1/tenants/chain/audit?limit=100')

    expect(verify.body).toMatchObject({ ok: true, problems: [] })
    expect(creates.body.items).toHaveLength(30)
  })
})
