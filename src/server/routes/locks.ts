import type { FastifyInstance } from 'fastify'

import { requireRole, requireTenant } from '../auth.js'
import { send } from '../commit-changes.js'
import { idempotent, requestHash } from '../idempotency.js'
import { decideAcquire, decideRelease, isActive, publicLock } from '../locks.js'
import { ApiError, type Reply } from '../reply.js'
import type { Services } from '../services.js'
import type { Decision, WriteState } from '../storage/storage.js'
import { readWriteHeaders } from '../write-headers.js'
import { type TenantParams, checkTenant } from './route-params.js'

interface AcquireBody {
  holder: string
  ttlSeconds: number
}

/** The tenant's apply lock: one holder at a time, with an expiry. */
export function lockRoutes(app: FastifyInstance, services: Services): void {
  app.post<{ Params: TenantParams, Body: AcquireBody }>('/v1/tenants/:tenant/lock', {
    schema: {
      body: {
        type: 'object',
        required: ['holder', 'ttlSeconds'],
        additionalProperties: false,
        properties: {
          holder: { type: 'string', minLength: 1, maxLength: 200 },
          ttlSeconds: { type: 'integer', minimum: 1, maximum: 86_400 },
        },
      },
    },
  }, async (request, reply) => {
    const tenant = checkTenant(request.params.tenant)
    const principal = requireTenant(request, tenant, 'apply')
    const now = new Date()
    const answer = await lockWrite(services, request, tenant, principal.tokenId, now,
      state => decideAcquire(state, { tenant, ...request.body, tokenId: principal.tokenId, now }))
    return send(reply, answer)
  })

  app.get<{ Params: TenantParams }>('/v1/tenants/:tenant/lock', async (request) => {
    const tenant = checkTenant(request.params.tenant)
    requireTenant(request, tenant, 'read')
    const lock = await services.storage.getLock(tenant)
    if (!isActive(lock, new Date())) {
      throw new ApiError(404, 'not_found', `Tenant ${tenant} is not locked`)
    }

    return publicLock(lock)
  })

  app.delete<{ Params: TenantParams & { lockId: string }, Querystring: { force?: boolean } }>(
    '/v1/tenants/:tenant/lock/:lockId', {
      schema: { querystring: { type: 'object', properties: { force: { type: 'boolean' } } } },
    }, async (request, reply) => {
      const tenant = checkTenant(request.params.tenant)
      const principal = requireTenant(request, tenant, 'apply')
      const force = request.query.force === true
      if (force) requireRole(request, 'admin')

      const now = new Date()
      const { lockId } = request.params
      const answer = await lockWrite(services, request, tenant, principal.tokenId, now,
        state => decideRelease(state, { lockId, force, tokenId: principal.tokenId, now }))
      return send(reply, answer)
    })
}

function lockWrite(
  services: Services, request: Parameters<typeof readWriteHeaders>[0], tenant: string,
  tokenId: string, now: Date, decide: (state: WriteState) => Decision<Reply>,
): Promise<Reply> {
  const { idempotencyKey } = readWriteHeaders(request)
  const hash = requestHash([request.method, request.url, request.rawBody ?? ''])
  return services.storage.write(
    { tenant, keys: [], changesLock: true, idempotency: { tokenId, key: idempotencyKey } },
    idempotent({ tokenId, key: idempotencyKey, requestHash: hash, now }, decide),
  )
}
