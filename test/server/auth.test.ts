import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { backends } from './harness/backends.js'
import { resource, resources, role } from './harness/fixtures.js'
import { type Stage, stage } from './harness/stage.js'

/** Every tenant endpoint, with what a request to it needs. */
const endpoints = (tenant: string) => [
  { method: 'GET', path: resources(tenant) },
  { method: 'GET', path: resource(tenant, 'Role', 'ops') },
  { method: 'POST', path: resources(tenant), body: role('ops') },
  { method: 'PUT', path: resource(tenant, 'Role', 'ops'), body: role('ops'), ifMatch: true },
  { method: 'DELETE', path: resource(tenant, 'Role', 'ops'), ifMatch: true },
  { method: 'POST', path: `/v1/tenants/${tenant}/changesets`, body: { changes: [{ op: 'create', kind: 'Role', name: 'xx', resource: role('xx') }] } },
  { method: 'GET', path: `/v1/tenants/${tenant}/audit` },
  { method: 'GET', path: `/v1/tenants/${tenant}/lock` },
  { method: 'POST', path: `/v1/tenants/${tenant}/lock`, body: { holder: 'x', ttlSeconds: 5 } },
  { method: 'DELETE', path: `/v1/tenants/${tenant}/lock/some-id` },
]

/**
 * The endpoints that span tenants, and what an admin scoped to some of them gets: its own
 * tenants' sessions, and 403 where the answer cannot be cut down to its tenants.
 */
const instanceEndpoints = [
  { path: '/v1/sessions', scoped: 200 },
  { path: '/v1/audit/verify', scoped: 403 },
  { path: '/metrics', scoped: 403 },
]

type Token = 'admin' | 'eu' | 'us' | 'both' | 'reader' | 'planner' | 'applier'

describe.each(backends)('auth (%s)', (backend) => {
  let s: Stage<Token>

  beforeAll(async () => {
    s = await stage(backend, {
      admin: { role: 'admin', tenants: ['*'] },
      eu: { role: 'admin', tenants: ['acme-eu'], name: 'eu-admin' },
      us: { role: 'admin', tenants: ['acme-us'], name: 'us-admin' },
      both: { role: 'read', tenants: ['acme-eu', 'acme-us'], name: 'both-reader' },
      reader: { role: 'read', tenants: ['acme-us'] },
      planner: { role: 'plan', tenants: ['acme-us'] },
      applier: { role: 'apply', tenants: ['acme-us'] },
    })
    await s.api('admin').post(resources('acme-us'), role('ops'))
    await s.api('eu').post(resources('acme-eu'), role('eu-ops'))
  })

  afterAll(async () => {
    await s.teardown()
  })

  it('answers a missing or unknown token with 401 on every endpoint but /health', async () => {
    const api = s.api()
    const instance = instanceEndpoints.map(endpoint => ({ ...endpoint, method: 'GET', body: undefined }))
    for (const endpoint of [...endpoints('acme-us'), ...instance]) {
      const missing = await api.request(endpoint.method, endpoint.path, { token: '', body: endpoint.body })
      const wrong = await api.request(endpoint.method, endpoint.path, { token: 'omsctl_nope', body: endpoint.body })

      expect(missing.status, `${endpoint.method} ${endpoint.path}`).toBe(401)
      expect(wrong.status, `${endpoint.method} ${endpoint.path}`).toBe(401)
      expect(missing.headers['www-authenticate']).toContain('Bearer')
    }

    expect((await api.get('/health', { token: '' })).status).toBe(200)
  })

  it('answers a token reaching another tenant\'s data with 404 on every endpoint', async () => {
    const api = s.api('eu')
    for (const endpoint of endpoints('acme-us')) {
      const answer = await api.request(endpoint.method, endpoint.path, {
        body: endpoint.body, headers: endpoint.ifMatch ? { 'if-match': '"1"' } : {},
      })

      expect(answer.status, `${endpoint.method} ${endpoint.path}`).toBe(404)
      expect(answer.text).not.toContain('"ops"')
    }
  })

  it('keeps other tenants out of what spans tenants for an admin scoped to some', async () => {
    await Promise.all((['eu', 'both', 'reader'] as const).map(token => s.api(token).get(resources('acme-us'))))

    for (const endpoint of instanceEndpoints) {
      const scoped = await s.api('us').get(endpoint.path)
      const everyTenant = await s.api('admin').get(endpoint.path)

      expect(scoped.status, endpoint.path).toBe(endpoint.scoped)
      expect(everyTenant.status, endpoint.path).toBe(200)
      for (const leak of ['acme-eu', 'eu-admin', 'both-reader', '"*"', '"checked"', 'omsctl_']) {
        expect(scoped.text, `${endpoint.path} shows ${leak}`).not.toContain(leak)
      }
    }

    const sessions = await s.api('us').get<{ items: { name: string }[] }>('/v1/sessions')
    const all = await s.api('admin').get<{ items: { name: string }[] }>('/v1/sessions')
    expect(sessions.body.items.map(item => item.name).sort()).toEqual(['reader', 'us-admin'])
    expect(all.body.items.map(item => item.name)).toEqual(
      expect.arrayContaining(['admin', 'eu-admin', 'both-reader', 'reader', 'us-admin']))
  })

  it('gives each role what it may do and 403 for the rest', async () => {
    const read = s.api('reader')
    const plan = s.api('planner')
    const apply = s.api('applier')

    expect((await read.get(resources('acme-us'))).status).toBe(200)
    expect((await read.get('/v1/tenants/acme-us/audit')).status).toBe(403)
    expect((await read.post(resources('acme-us'), role('viewer'))).status).toBe(403)
    expect((await plan.get('/v1/tenants/acme-us/audit')).status).toBe(200)
    expect((await plan.post('/v1/tenants/acme-us/lock', { holder: 'p', ttlSeconds: 5 })).status).toBe(403)
    expect((await apply.post(resources('acme-us'), role('viewer'))).status).toBe(201)
    for (const path of ['/v1/sessions', '/v1/audit/verify', '/metrics']) {
      expect((await apply.get(path)).status, path).toBe(403)
      expect((await s.api('admin').get(path)).status, path).toBe(200)
    }
  })

  it('lists recent sessions with name, role and last request, and counts requests in metrics', async () => {
    await s.api('reader').get(resources('acme-us'))

    const sessions = await s.api('admin').get<{ items: { name: string, role: string, lastRequest: string }[] }>(
      '/v1/sessions')
    const metrics = await s.api('admin').get<string>('/metrics')

    expect(sessions.body.items).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'reader', role: 'read', lastRequest: 'GET /v1/tenants/:tenant/resources' }),
    ]))
    expect(metrics.headers['content-type']).toContain('text/plain')
    expect(metrics.body).toContain(
      'omsctl_http_requests_total{method="GET",route="/v1/tenants/:tenant/resources",status="200"}')
    expect(metrics.body).toContain('omsctl_resource_changes_total{op="create"}')
  })
})
