import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { purgeExpiredKeys } from '../../src/server/idempotency.js'
import { openStorage } from '../../src/server/storage/open-storage.js'
import type { IdempotencyRecord, Storage } from '../../src/server/storage/storage.js'
import { backends } from './harness/backends.js'
import { type TestDatabase, createDatabase } from './harness/databases.js'
import { resource, resources, role } from './harness/fixtures.js'
import { type Stage, stage } from './harness/stage.js'

const HOUR = 3600_000

describe.each(backends)('idempotent single writes (%s)', (backend) => {
  let s: Stage<'admin'>

  beforeAll(async () => {
    s = await stage(backend, { admin: { role: 'admin', tenants: ['*'] } })
  })

  afterAll(async () => {
    await s.teardown()
  })

  async function auditCount(tenant: string, name: string): Promise<number> {
    const page = await s.api().get<{ items: unknown[] }>(`/v1/tenants/${tenant}/audit?kind=Role&name=${name}`)
    return page.body.items.length
  }

  it('applies a POST, PUT and DELETE sent twice with one key once, and replays the first answer', async () => {
    const api = s.api()
    const path = resource('retry', 'Role', 'ops')
    const update = { headers: { 'if-match': '"1"' }, idempotencyKey: 'put-1' }
    const remove = { headers: { 'if-match': '"2"' }, idempotencyKey: 'delete-1' }

    const created = await api.post(resources('retry'), role('ops'), { idempotencyKey: 'post-1' })
    const createdAgain = await api.post(resources('retry'), role('ops'), { idempotencyKey: 'post-1' })
    const afterCreate = await auditCount('retry', 'ops')
    const replaced = await api.put(path, role('ops', ['orders:update']), update)
    const replacedAgain = await api.put(path, role('ops', ['orders:update']), update)
    const afterReplace = await auditCount('retry', 'ops')
    const deleted = await api.delete(path, remove)
    const deletedAgain = await api.delete(path, remove)

    expect([created.status, createdAgain.status]).toEqual([201, 201])
    expect(createdAgain.text).toBe(created.text)
    expect(createdAgain.headers.etag).toBe('"1"')
    expect(createdAgain.headers['idempotent-replayed']).toBe('true')
    expect(created.headers['idempotent-replayed']).toBeUndefined()
    expect(afterCreate).toBe(1)
    expect([replaced.status, replacedAgain.status]).toEqual([200, 200])
    expect(replacedAgain.body).toMatchObject({ version: 2 })
    expect(replacedAgain.headers['idempotent-replayed']).toBe('true')
    expect(afterReplace).toBe(2)
    expect([deleted.status, deletedAgain.status]).toEqual([204, 204])
    expect(deletedAgain.headers['idempotent-replayed']).toBe('true')
    expect(await auditCount('retry', 'ops')).toBe(3)
    expect((await api.get(path)).status).toBe(404)
  })

  it('answers a key reused for another POST, PUT or DELETE with 422 and changes nothing', async () => {
    const api = s.api()
    await api.post(resources('reuse'), role('ops'), { idempotencyKey: 'post-2' })
    await api.post(resources('reuse'), role('viewer'))
    await api.put(resource('reuse', 'Role', 'ops'), role('ops', ['orders:update']),
      { headers: { 'if-match': '"1"' }, idempotencyKey: 'put-2' })
    await api.delete(resource('reuse', 'Role', 'ops'), { headers: { 'if-match': '"2"' }, idempotencyKey: 'delete-2' })

    const post = await api.post(resources('reuse'), role('auditor'), { idempotencyKey: 'post-2' })
    const put = await api.put(resource('reuse', 'Role', 'viewer'), role('viewer', ['orders:update']),
      { headers: { 'if-match': '"1"' }, idempotencyKey: 'put-2' })
    const del = await api.delete(resource('reuse', 'Role', 'viewer'),
      { headers: { 'if-match': '"1"' }, idempotencyKey: 'delete-2' })

    for (const answer of [post, put, del]) {
      expect(answer.status).toBe(422)
      expect(answer.body).toMatchObject({ error: 'idempotency_key_reuse' })
    }

    expect((await api.get(resource('reuse', 'Role', 'auditor'))).status).toBe(404)
    expect((await api.get(resource('reuse', 'Role', 'viewer'))).body).toMatchObject({ version: 1 })
    expect(await auditCount('reuse', 'viewer')).toBe(1)
  })
})

describe.each(backends)('idempotency keys in storage (%s)', (backend) => {
  let db: TestDatabase
  let storage: Storage

  beforeAll(async () => {
    db = await createDatabase(backend)
    storage = await openStorage(db.url === undefined
      ? { kind: 'sqlite', file: db.sqliteFile ?? '' }
      : { kind: 'postgres', url: db.url })
  })

  afterAll(async () => {
    await storage.close()
    await db.drop()
  })

  function record(key: string, createdAt: Date): IdempotencyRecord {
    return {
      tokenId: 'tok_test', key, requestHash: `hash-${key}`, status: 201, body: '{}', headers: '{}',
      createdAt: createdAt.toISOString(),
    }
  }

  function store(item: IdempotencyRecord): Promise<void> {
    return storage.write({ tenant: 'acme', keys: [] }, () => ({
      commit: { creates: [], updates: [], deletes: [], audit: [], idempotency: item },
      result: undefined,
    }))
  }

  function replayOf(key: string): Promise<IdempotencyRecord | null> {
    return storage.write({ tenant: 'acme', keys: [], idempotency: { tokenId: 'tok_test', key } },
      state => ({ commit: null, result: state.replay }))
  }

  it('keeps every key for at least 24 hours and drops it after 48', async () => {
    const now = new Date('2025-06-01T12:00:00.000Z')
    const ages = { 'fresh': 1, 'a-day': 24, 'a-day-on': 25, 'nearly-two': 47.9, 'two-days-on': 48.1, 'old': 72 }
    for (const [key, hours] of Object.entries(ages)) {
      await store(record(key, new Date(now.getTime() - hours * HOUR)))
    }

    const purged = await purgeExpiredKeys(storage, now)
    const kept = await Promise.all(Object.keys(ages).map(async key =>
      [key, (await replayOf(key)) !== null]))

    expect(purged).toBe(2)
    expect(Object.fromEntries(kept)).toEqual({
      'fresh': true, 'a-day': true, 'a-day-on': true, 'nearly-two': true, 'two-days-on': false, 'old': false,
    })
    expect(await replayOf('a-day-on')).toMatchObject({ requestHash: 'hash-a-day-on', status: 201 })
  })
})
