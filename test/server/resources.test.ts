import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { backends } from './harness/backends.js'
import { globalSettings, resource, resources, role } from './harness/fixtures.js'
import { type Stage, stage } from './harness/stage.js'

interface Page {
  items: { kind: string, metadata: { name: string } }[]
  nextCursor: string | null
}

describe.each(backends)('resources (%s)', (backend) => {
  let s: Stage<'admin'>

  beforeAll(async () => {
    s = await stage(backend, { admin: { role: 'admin', tenants: ['*'] } })
  })

  afterAll(async () => {
    await s.teardown()
  })

  it('creates, reads, replaces and deletes by kind and name, with versions as ETags', async () => {
    const api = s.api()

    const created = await api.post(resources('crud'), globalSettings('global'))
    const read = await api.get(resource('crud', 'GlobalSettings', 'global'))
    const replaced = await api.put(resource('crud', 'GlobalSettings', 'global'),
      globalSettings('global', 'Europe/Paris'), { headers: { 'if-match': '"1"' } })
    const deleted = await api.delete(resource('crud', 'GlobalSettings', 'global'),
      { headers: { 'if-match': '"2"' } })
    const gone = await api.get(resource('crud', 'GlobalSettings', 'global'))

    expect(created.status).toBe(201)
    expect(created.headers.etag).toBe('"1"')
    expect(created.headers.location).toBe('/v1/tenants/crud/resources/GlobalSettings/global')
    expect(read.body).toMatchObject({ version: 1, updatedBy: 'admin', managedBy: null, kind: 'GlobalSettings' })
    expect(replaced.status).toBe(200)
    expect(replaced.body).toMatchObject({ version: 2, spec: { timezone: 'Europe/Paris' } })
    expect(deleted.status).toBe(204)
    expect(gone.status).toBe(404)
  })

  it('refuses a create of an existing name with 409', async () => {
    const api = s.api()
    await api.post(resources('dup'), role('ops'))

    const again = await api.post(resources('dup'), role('ops'))

    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ error: 'already_exists', currentVersion: 1 })
  })

  it('answers a stale If-Match with 412 and the current version, a missing one with 428', async () => {
    const api = s.api()
    await api.post(resources('stale'), role('ops'))
    await api.put(resource('stale', 'Role', 'ops'), role('ops', ['orders:update']),
      { headers: { 'if-match': '"1"' } })

    const stale = await api.put(resource('stale', 'Role', 'ops'), role('ops'),
      { headers: { 'if-match': '"1"' } })
    const missing = await api.put(resource('stale', 'Role', 'ops'), role('ops'))
    const deleteStale = await api.delete(resource('stale', 'Role', 'ops'), { headers: { 'if-match': '"7"' } })
    const putAbsent = await api.put(resource('stale', 'Role', 'nobody'), role('nobody'),
      { headers: { 'if-match': '"1"' } })

    expect(stale.status).toBe(412)
    expect(stale.body).toMatchObject({ error: 'version_mismatch', currentVersion: 2 })
    expect(missing.status).toBe(428)
    expect(deleteStale.status).toBe(412)
    expect(putAbsent.body).toMatchObject({ error: 'version_mismatch', currentVersion: null })
  })

  it('lets exactly one of two writers of the same version win', async () => {
    const api = s.api()
    await api.post(resources('race'), role('ops'))

    const outcomes = await Promise.all(['orders:update', 'orders:cancel'].map(permission =>
      api.put(resource('race', 'Role', 'ops'), role('ops', [permission]), { headers: { 'if-match': '"1"' } })))

    expect(outcomes.map(outcome => outcome.status).sort()).toEqual([200, 412])
    const live = await api.get(resource('race', 'Role', 'ops'))
    expect(live.body).toMatchObject({ version: 2 })
  })

  it('lists every resource in pages ordered by kind then name, filtered by kind', async () => {
    const api = s.api()
    const changes = Array.from({ length: 2100 }, (_, index) => ({
      op: 'create', kind: 'Role', name: `role-${String(index).padStart(5, '0')}`,
      resource: role(`role-${String(index).padStart(5, '0')}`),
    }))
    await api.post('/v1/tenants/bulk/changesets', { changes })
    await api.post(resources('bulk'), globalSettings('global'))

    const names: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`
      const page = await api.get<Page>(
        `${resources('bulk')}?limit=1000${query}`)
      for (const item of page.body.items) names.push(`${item.kind}/${item.metadata.name}`)
      cursor = page.body.nextCursor
      pages++
    } while (cursor !== null)
    const onlyGlobal = await api.get<{ items: unknown[] }>(`${resources('bulk')}?kind=GlobalSettings`)
    const badCursor = await api.get(`${resources('bulk')}?cursor=bm9wZQ`)
    const tooMany = await api.get(`${resources('bulk')}?limit=1001`)

    expect(pages).toBe(3)
    expect(names).toHaveLength(2101)
    expect(names[0]).toBe('GlobalSettings/global')
    expect(names.slice(1)).toEqual([...names.slice(1)].sort())
    expect(onlyGlobal.body.items).toHaveLength(1)
    expect(badCursor.status).toBe(400)
    expect(tooMany.status).toBe(400)
  })

  it('refuses a body that breaks its kind schema with 422 and a pointer per problem', async () => {
    const api = s.api()
    const bad = { ...role('bad'), spec: { permissions: ['orders:fly'], colour: 'red' } }

    const refused = await api.post<{ problems: { pointer: string }[] }>(resources('invalid'), bad)
    const mismatch = await api.put(resource('invalid', 'Role', 'other'), role('bad'), { headers: { 'if-match': '"1"' } })

    expect(refused.status).toBe(422)
    expect(refused.body.problems.map(problem => problem.pointer)).toEqual(
      expect.arrayContaining(['/spec/permissions/0']))
    expect(mismatch.status).toBe(422)
    expect((await api.get(resource('invalid', 'Role', 'bad'))).status).toBe(404)
  })

  it('answers malformed requests with the error body, never a stack or the body', async () => {
    const api = s.api()

    const syntax = await api.request('POST', resources('bad'), { raw: '{"kind": "Role", oops' })
    const text = await api.request('POST', resources('bad'), { raw: 'hello', headers: { 'content-type': 'text/plain' } })
    const noKey = await api.post(resources('bad'), role('ops'), { idempotencyKey: null })
    const route = await api.get('/v1/nowhere', { outsideContract: true })

    expect(syntax.status).toBe(400)
    expect(syntax.body).toEqual({ error: 'bad_json', message: 'The request body is not valid JSON' })
    expect(text.status).toBe(415)
    expect(noKey.status).toBe(400)
    expect(noKey.body).toMatchObject({ error: 'idempotency_key_required' })
    expect(route.status).toBe(404)
    expect(route.body).toMatchObject({ error: 'not_found' })
  })
})
