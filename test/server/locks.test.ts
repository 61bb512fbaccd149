import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { backends } from './harness/backends.js'
import { resources, role } from './harness/fixtures.js'
import { type Stage, stage } from './harness/stage.js'

interface Lock { lockId: string, holder: string, expiresAt: string }

const lockPath = (tenant: string) => `/v1/tenants/${tenant}/lock`
const changesets = (tenant: string) => `/v1/tenants/${tenant}/changesets`
const create = (name: string) => ({ changes: [{ op: 'create', kind: 'Role', name, resource: role(name) }] })

describe.each(backends)('apply locks (%s)', (backend) => {
  let s: Stage<'ci' | 'human' | 'admin' | 'reader'>

  beforeAll(async () => {
    s = await stage(backend, {
      ci: { role: 'apply', tenants: ['acme'] },
      human: { role: 'apply', tenants: ['acme'] },
      admin: { role: 'admin', tenants: ['*'] },
      reader: { role: 'read', tenants: ['acme'] },
    })
  })

  afterAll(async () => {
    await s.teardown()
  })

  it('blocks other writers with 423 while held, lets the holder write, and releases', async () => {
    const taken = await s.api('ci').post<Lock>(lockPath('acme'), { holder: 'ci run 42', ttlSeconds: 600 })
    const lockId = taken.body.lockId

    const again = await s.api('human').post<{ lock: Lock }>(lockPath('acme'), { holder: 'alice', ttlSeconds: 60 })
    const blocked = await s.api('human').post(changesets('acme'), create('by-human'))
    const blockedSingle = await s.api('human').post(resources('acme'), role('single'))
    const shown = await s.api('reader').get<Lock>(lockPath('acme'))
    const holderWrites = await s.api('ci').post(changesets('acme'), create('by-ci'),
      { headers: { 'x-omsctl-lock-id': lockId } })
    const notOwner = await s.api('human').delete(`${lockPath('acme')}/${lockId}`)
    const released = await s.api('ci').delete(`${lockPath('acme')}/${lockId}`)
    const none = await s.api('reader').get(lockPath('acme'))
    const afterwards = await s.api('human').post(changesets('acme'), create('by-human'))

    expect(taken.status).toBe(201)
    expect(taken.body.holder).toBe('ci run 42')
    expect(again.status).toBe(423)
    expect(again.body.lock.holder).toBe('ci run 42')
    expect(blocked.status).toBe(423)
    expect(blockedSingle.status).toBe(423)
    expect(shown.body.lockId).toBe(lockId)
    expect(holderWrites.status).toBe(200)
    expect(notOwner.status).toBe(403)
    expect(released.status).toBe(204)
    expect(none.status).toBe(404)
    expect(afterwards.status).toBe(200)
  })

  it('lets only an admin force-release a lock taken by another token', async () => {
    const taken = await s.api('ci').post<Lock>(lockPath('acme'), { holder: 'stuck job', ttlSeconds: 600 })
    const path = `${lockPath('acme')}/${taken.body.lockId}?force=true`

    const byApply = await s.api('human').delete(path)
    const byAdmin = await s.api('admin').delete(path)
    const unknown = await s.api('admin').delete(`${lockPath('acme')}/nope?force=true`)

    expect(byApply.status).toBe(403)
    expect(byAdmin.status).toBe(204)
    expect(unknown.status).toBe(404)
  })

  it('expires: a lock past its ttl no longer blocks', async () => {
    await s.api('ci').post(lockPath('acme'), { holder: 'short', ttlSeconds: 1 })
    await new Promise(resolve => setTimeout(resolve, 1100))

    const write = await s.api('human').post(changesets('acme'), create('after-expiry'))
    const current = await s.api('reader').get(lockPath('acme'))

    expect(write.status).toBe(200)
    expect(current.status).toBe(404)
  })

  it('checks the lock request body', async () => {
    const bad = await s.api('ci').post(lockPath('acme'), { holder: '', ttlSeconds: 0 })

    expect(bad.status).toBe(422)
  })
})
