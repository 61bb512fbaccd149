import { afterEach, describe, expect, it } from 'vitest'

import { ApiError } from '../../src/api/api-error.js'
import { ApiClient } from '../../src/api/client.js'
import { connectionFor } from '../../src/api/connection.js'
import { listResources } from '../../src/api/tenant-api.js'
import { responseSchemas } from '../../src/api/response-schemas.js'
import { backoffDelay, defaultRetryPolicy, parseRetryAfter } from '../../src/api/retry-policy.js'
import { UserError } from '../../src/errors.js'
import type { Target } from '../../src/resolve/target.js'
import { scriptedServer } from './scripted-server.js'

const fast = { attempts: 4, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2_000 }
const page = (names: string[], nextCursor: string | null) => ({
  items: names.map(name => ({
    apiVersion: 'omsctl.dev/v1', kind: 'Role', metadata: { name }, spec: {}, version: 1,
    updatedAt: '2026-01-01T00:00:00Z', updatedBy: 'ci', managedBy: 'omsctl',
  })),
  nextCursor,
})

let closeServer: (() => Promise<void>) | undefined
afterEach(async () => {
  await closeServer?.()
  closeServer = undefined
})

async function clientFor(script: Parameters<typeof scriptedServer>[0], timeoutMs = 2_000) {
  const server = await scriptedServer(script)
  closeServer = () => server.close()
  const client = new ApiClient({ baseUrl: server.url, token: 't0ken', tokenSource: 'OMS_TOKEN' }, { retry: fast, timeoutMs })
  return { client, seen: server.seen }
}

describe('ApiClient', () => {
  it('lists in pages with one request per page, never per resource', async () => {
    const { client, seen } = await clientFor([{ status: 200, body: page(['a', 'b'], 'c1') }, { status: 200, body: page(['c'], null) }])

    const items = await listResources(client, 'acme')

    expect(items.map(item => item.metadata.name)).toEqual(['a', 'b', 'c'])
    expect(seen.map(request => request.url)).toEqual([
      '/v1/tenants/acme/resources?limit=1000', '/v1/tenants/acme/resources?limit=1000&cursor=c1',
    ])
    expect(seen[0]?.headers.authorization).toBe('Bearer t0ken')
  })

  it.each([502, 503, 504])('retries %i and keeps the idempotency key of the write', async (status) => {
    const script = [{ status }, { status }, { status: 200, body: { ok: true } }]
    const { client, seen } = await clientFor(script)

    const response = await client.request({ method: 'POST', path: '/v1/x', body: { a: 1 } })

    expect(response.status).toBe(200)
    expect(seen).toHaveLength(3)
    const keys = new Set(seen.map(request => request.headers['idempotency-key']))
    expect(keys.size).toBe(1)
    expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('waits for Retry-After on 429', async () => {
    const { client, seen } = await clientFor([{ status: 429, headers: { 'retry-after': '1' } }, { status: 200, body: {} }])
    const started = Date.now()

    await client.request({ method: 'GET', path: '/v1/x' })

    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
    expect(seen).toHaveLength(2)
  })

  it.each([400, 401, 403, 404, 409, 412, 422])('never retries %i', async (status) => {
    const { client, seen } = await clientFor([{ status, body: { error: 'nope', message: 'said no' } }])

    await expect(client.request({ method: 'PUT', path: '/v1/x', body: {} })).rejects.toThrow()

    expect(seen).toHaveLength(1)
  })

  it.each([
    [401, /rejected the token from OMS_TOKEN \(401\)/, /check OMS_TOKEN/],
    [403, /Permission denied for GET \/v1\/x \(403\): said no/, /stronger role/],
    [404, /Not found: GET \/v1\/x at http:\/\/127\.0\.0\.1:\d+ \(404\)/, /scoped to it/],
  ])('explains %i with the URL or the variable', async (status, message, hint) => {
    const { client } = await clientFor([{ status, body: { error: 'nope', message: 'said no' } }])

    const error = await client.request({ method: 'GET', path: '/v1/x' })
      .catch((caught: unknown) => caught as ApiError)

    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status })
    expect((error as ApiError).message).toMatch(message)
    expect((error as ApiError).hint).toMatch(hint)
  })

  it('returns expected error statuses instead of throwing', async () => {
    const { client } = await clientFor([{ status: 412, body: { error: 'version_mismatch', conflicts: [] } }])

    const response = await client.request({ method: 'POST', path: '/v1/x', body: {}, expect: [412] })

    expect(response).toMatchObject({ status: 412, body: { error: 'version_mismatch' } })
  })

  it('turns a malformed response into an error naming the endpoint', async () => {
    const { client } = await clientFor([{ status: 200, body: { items: [{ kind: 'Role' }], nextCursor: null } }])

    await expect(listResources(client, 'acme')).rejects.toThrow('Malformed response from GET '
      + '/v1/tenants/acme/resources: must have required property \'apiVersion\' at /items/0')
  })

  it('turns a body that is not JSON into an error naming the endpoint', async () => {
    const { client } = await clientFor([{ status: 200, raw: '<html>login</html>' }])

    await expect(client.request({ method: 'GET', path: '/v1/x' })).rejects.toThrow(/Malformed response from GET \/v1\/x: the body is not JSON/)
  })

  it('retries a dropped connection, then succeeds', async () => {
    const { client, seen } = await clientFor(['drop', { status: 200, body: {} }])

    await client.request({ method: 'DELETE', path: '/v1/x', idempotencyKey: 'fixed-key' })

    expect(seen.map(request => request.headers['idempotency-key'])).toEqual(['fixed-key', 'fixed-key'])
  })

  it('times out each attempt and says so', async () => {
    const { client, seen } = await clientFor(['hang'], 100)

    await expect(client.request({ method: 'GET', path: '/v1/slow' })).rejects.toThrow(
      '(GET /v1/slow timed out after 100 ms) for GET /v1/slow, after 4 attempts')
    expect(seen).toHaveLength(4)
  })

  it('says connection refused and which URL', async () => {
    const stopped = await scriptedServer([])
    await stopped.close()
    const client = new ApiClient({ baseUrl: stopped.url, token: 't', tokenSource: 'X' }, { retry: fast })

    const error = await client.request({ method: 'GET', path: '/v1/x' })
      .catch((caught: unknown) => caught as UserError)

    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).message).toBe(
      `Cannot reach the OMS API at ${stopped.url} (connection refused) for GET /v1/x, after 4 attempts`)
    expect((error as UserError).hint).toContain('OMSCTL_API_URL')
  })
})

describe('retry policy', () => {
  it('backs off exponentially with jitter, up to the cap', () => {
    const low = () => 0
    const high = () => 1

    expect(backoffDelay(defaultRetryPolicy, 1, low)).toBe(100)
    expect(backoffDelay(defaultRetryPolicy, 1, high)).toBe(200)
    expect(backoffDelay(defaultRetryPolicy, 3, high)).toBe(800)
    expect(backoffDelay(defaultRetryPolicy, 20, high)).toBe(5_000)
  })

  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('3')).toBe(3_000)
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000)
    expect(parseRetryAfter('soon')).toBeUndefined()
    expect(parseRetryAfter(null)).toBeUndefined()
  })
})

describe('connectionFor', () => {
  const target: Target = {
    name: 'prod/acme',
    environment: { name: 'prod', apiUrl: 'https://oms.example/admin/', tokenEnv: 'PROD_TOKEN' },
    tenant: { name: 'acme' },
  }

  it('takes the URL from the flag, then OMSCTL_API_URL, then omsctl.yaml', () => {
    const env = { PROD_TOKEN: 'p', OMSCTL_API_URL: 'http://127.0.0.1:1' }

    expect(connectionFor(target, 'http://flag.example', env).baseUrl).toBe('http://flag.example')
    expect(connectionFor(target, undefined, env).baseUrl).toBe('http://127.0.0.1:1')
    expect(connectionFor(target, undefined, { PROD_TOKEN: 'p' }).baseUrl).toBe('https://oms.example/admin')
  })

  it('takes the token from OMSCTL_TOKEN, else from tokenEnv', () => {
    expect(connectionFor(target, undefined, { PROD_TOKEN: 'p', OMSCTL_TOKEN: 'o' })).toMatchObject({ token: 'o', tokenSource: 'OMSCTL_TOKEN' })
    expect(connectionFor(target, undefined, { PROD_TOKEN: 'p' })).toMatchObject({ token: 'p', tokenSource: 'PROD_TOKEN' })
  })

  it('names both variables when there is no token', () => {
    const error = (() => {
      try {
        connectionFor(target, undefined, {})
      } catch (caught) {
        return caught as UserError
      }
    })()

    expect(error?.message).toBe('No API token for environment prod')
    expect(error?.hint).toContain('set PROD_TOKEN (named by tokenEnv in omsctl.yaml) or OMSCTL_TOKEN')
  })

  it('rejects a URL that is not http(s)', () => {
    expect(() => connectionFor(target, 'ftp://x', { PROD_TOKEN: 'p' })).toThrow(/only http and https/)
    expect(() => connectionFor(target, 'not a url', { PROD_TOKEN: 'p' })).toThrow(/Invalid API URL: not a url/)
  })
})

describe('response validators', () => {
  it('are generated for every response schema (npm run validators)', async () => {
    const generated = await import('../../src/generated/api-responses.js') as Record<string, unknown>

    for (const name of Object.keys(responseSchemas)) expect(typeof generated[name]).toBe('function')
  })
})
