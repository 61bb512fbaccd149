import { randomUUID } from 'node:crypto'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { backends } from './harness/backends.js'
import { globalSettings, integration, resource, resources, role } from './harness/fixtures.js'
import { type Stage, stage } from './harness/stage.js'

interface Page { items: { kind: string, metadata: { name: string }, version: number }[] }
interface AuditPage { items: { op: string, name: string, gitCommit: string | null }[] }

const changesets = (tenant: string) => `/v1/tenants/${tenant}/changesets`

describe.each(backends)('changesets (%s)', (backend) => {
  let s: Stage<'apply' | 'other'>

  beforeAll(async () => {
    s = await stage(backend, {
      apply: { role: 'apply', tenants: ['*'] },
      other: { role: 'apply', tenants: ['*'] },
    })
  })

  afterAll(async () => {
    await s.teardown()
  })

  async function seed(tenant: string, names: string[]) {
    const changes = names.map(name => ({ op: 'create', kind: 'Role', name, resource: role(name) }))
    const answer = await s.api().post(changesets(tenant), { changes })
    expect(answer.status).toBe(200)
  }

  async function snapshot(tenant: string) {
    const page = await s.api().get<Page>(resources(tenant))
    return page.body.items.map(item => `${item.kind}/${item.metadata.name}@${item.version}`)
  }

  it('applies creates, updates and deletes together and returns the new versions', async () => {
    await seed('mixed', ['keep', 'drop'])

    const answer = await s.api().post<{ changesetId: string, results: unknown[] }>(changesets('mixed'), {
      changes: [
        { op: 'create', kind: 'GlobalSettings', name: 'global', resource: globalSettings() },
        { op: 'update', kind: 'Role', name: 'keep', expectedVersion: 1, resource: role('keep', ['orders:update']) },
        { op: 'delete', kind: 'Role', name: 'drop', expectedVersion: 1 },
      ],
    })

    expect(answer.status).toBe(200)
    expect(answer.body.results).toEqual([
      { op: 'create', kind: 'GlobalSettings', name: 'global', version: 1 },
      { op: 'update', kind: 'Role', name: 'keep', version: 2 },
      { op: 'delete', kind: 'Role', name: 'drop', version: null },
    ])
    expect(await snapshot('mixed')).toEqual(['GlobalSettings/global@1', 'Role/keep@2'])
  })

  it('leaves everything unchanged when a change in the middle is stale (412 lists it)', async () => {
    await seed('atomic', ['ra', 'rb', 'rc'])
    await s.api().put(resource('atomic', 'Role', 'rb'), role('rb', ['orders:cancel']), { headers: { 'if-match': '"1"' } })
    const before = await snapshot('atomic')

    const answer = await s.api().post(changesets('atomic'), {
      changes: [
        { op: 'update', kind: 'Role', name: 'ra', expectedVersion: 1, resource: role('ra', ['orders:update']) },
        { op: 'update', kind: 'Role', name: 'rb', expectedVersion: 1, resource: role('rb', ['orders:update']) },
        { op: 'delete', kind: 'Role', name: 'rc', expectedVersion: 1 },
        { op: 'create', kind: 'Role', name: 'rd', resource: role('rd') },
      ],
    })

    expect(answer.status).toBe(412)
    expect(answer.body).toMatchObject({
      error: 'version_mismatch',
      conflicts: [{ kind: 'Role', name: 'rb', expectedVersion: 1, currentVersion: 2 }],
    })
    expect(await snapshot('atomic')).toEqual(before)
  })

  it('leaves everything unchanged when a resource in the middle is invalid (422 with pointers)', async () => {
    await seed('invalid', ['ra'])
    const before = await snapshot('invalid')

    const answer = await s.api().post<{ problems: { pointer: string }[] }>(changesets('invalid'), {
      changes: [
        { op: 'create', kind: 'Role', name: 'rx', resource: role('rx') },
        { op: 'create', kind: 'Role', name: 'ry', resource: role('ry', ['orders:teleport']) },
        { op: 'update', kind: 'Role', name: 'ra', resource: role('ra') },
        { op: 'create', kind: 'Role', name: 'rx', resource: role('rx') },
      ],
    })

    expect(answer.status).toBe(422)
    expect(answer.body.problems.map(problem => problem.pointer)).toEqual(expect.arrayContaining([
      '/changes/1/resource/spec/permissions/0', '/changes/2',
    ]))
    expect(await snapshot('invalid')).toEqual(before)
  })

  it('refuses creates of existing names with 409 and applies nothing', async () => {
    await seed('exists', ['ra'])

    const answer = await s.api().post(changesets('exists'), {
      changes: [
        { op: 'create', kind: 'Role', name: 'rb', resource: role('rb') },
        { op: 'create', kind: 'Role', name: 'ra', resource: role('ra') },
      ],
    })

    expect(answer.status).toBe(409)
    expect(answer.body).toMatchObject({ conflicts: [{ name: 'ra', expectedVersion: null, currentVersion: 1 }] })
    expect(await snapshot('exists')).toEqual(['Role/ra@1'])
  })

  it('refuses a duplicate resource within one changeset', async () => {
    const answer = await s.api().post<{ problems: { pointer: string }[] }>(changesets('twice'), {
      changes: [
        { op: 'create', kind: 'Role', name: 'ra', resource: role('ra') },
        { op: 'create', kind: 'Role', name: 'ra', resource: role('ra') },
      ],
    })

    expect(answer.status).toBe(422)
    expect(answer.body.problems[0]?.pointer).toBe('/changes/1')
  })

  it('answers a retry with the same key from the first response, applying and auditing once', async () => {
    const key = randomUUID()
    const body = { changes: [{ op: 'create', kind: 'Role', name: 'once', resource: role('once') }] }
    const headers = { 'x-omsctl-git-commit': 'abc123' }

    const first = await s.api().post(changesets('retry'), body, { idempotencyKey: key, headers })
    const second = await s.api().post(changesets('retry'), body, { idempotencyKey: key, headers })
    const audit = await s.api().get<AuditPage>('/v1/tenants/retry/audit')

    expect(first.status).toBe(200)
    expect(second.status).toBe(200)
    expect(second.text).toBe(first.text)
    expect(second.headers['idempotent-replayed']).toBe('true')
    expect(audit.body.items).toHaveLength(1)
  })

  it('refuses the same key with another body (422), and keeps keys per token', async () => {
    const key = randomUUID()
    await s.api().post(changesets('reuse'), { changes: [{ op: 'create', kind: 'Role', name: 'ra', resource: role('ra') }] },
      { idempotencyKey: key })

    const reused = await s.api().post(changesets('reuse'),
      { changes: [{ op: 'create', kind: 'Role', name: 'rb', resource: role('rb') }] }, { idempotencyKey: key })
    const otherToken = await s.api('other').post(changesets('reuse'),
      { changes: [{ op: 'create', kind: 'Role', name: 'rc', resource: role('rc') }] }, { idempotencyKey: key })

    expect(reused.status).toBe(422)
    expect(reused.body).toMatchObject({ error: 'idempotency_key_reuse' })
    expect(otherToken.status).toBe(200)
    expect(await snapshot('reuse')).toEqual(['Role/ra@1', 'Role/rc@1'])
  })

  it('refuses a secret without a value that the server does not hold', async () => {
    const answer = await s.api().post<{ problems: { pointer: string }[] }>(changesets('nosecret'), {
      changes: [{ op: 'create', kind: 'Integration', name: 'erp', resource: integration('erp') }],
    })

    expect(answer.status).toBe(422)
    expect(answer.body.problems[0]?.pointer).toBe('/changes/0/resource/spec/auth/key')
    expect(await snapshot('nosecret')).toEqual([])
  })

  it('checks the envelope: ops, expected versions, resources', async () => {
    const answer = await s.api().post<{ problems: { pointer: string }[] }>(changesets('envelope'), {
      changes: [{ op: 'rename', kind: 'Role', name: 'ra' }, { op: 'delete', kind: 'Role', name: 'rb' }],
    })
    const empty = await s.api().post(changesets('envelope'), { changes: [] })

    expect(answer.status).toBe(422)
    expect(answer.body.problems.map(problem => problem.pointer)).toEqual(
      expect.arrayContaining(['/changes/0/op', '/changes/1']))
    expect(empty.status).toBe(422)
  })
})
