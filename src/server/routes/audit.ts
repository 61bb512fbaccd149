import type { FastifyInstance } from 'fastify'

import { verifyChain } from '../audit-verify.js'
import { requireEveryTenant, requireTenant } from '../auth.js'
import { ApiError } from '../reply.js'
import type { Services } from '../services.js'
import type { AuditRecord } from '../storage/storage.js'
import {
  type TenantParams, checkTenant, decodeCursor, encodeCursor, limitSchema,
} from './route-params.js'

interface AuditQuery {
  limit: number
  cursor?: string
  kind?: string
  name?: string
  since?: string
}

const isSeq = (value: unknown): value is number => Number.isSafeInteger(value)

/**
 * The audit log of a tenant (plan role and up), and the check of the whole chain, which
 * spans every tenant (admin of all tenants).
 */
export function auditRoutes(app: FastifyInstance, services: Services): void {
  app.get<{ Params: TenantParams, Querystring: AuditQuery }>('/v1/tenants/:tenant/audit', {
    schema: {
      querystring: {
        type: 'object',
        properties: {
          limit: limitSchema(1000, 100),
          cursor: { type: 'string' },
          kind: { type: 'string' },
          name: { type: 'string' },
          since: { type: 'string' },
        },
      },
    },
  }, async (request) => {
    const tenant = checkTenant(request.params.tenant)
    requireTenant(request, tenant, 'plan')
    const { limit, cursor, kind, name, since } = request.query

    const entries = await services.storage.listAudit({
      tenant,
      limit,
      afterSeq: cursor === undefined ? 0 : decodeCursor(cursor, isSeq),
      ...(kind === undefined ? {} : { kind }),
      ...(name === undefined ? {} : { name }),
      ...(since === undefined ? {} : { since: normalisedTime(since) }),
    })
    const last = entries.at(-1)
    return {
      items: entries.map(publicEntry),
      nextCursor: entries.length === limit && last ? encodeCursor(last.seq) : null,
    }
  })

  app.get('/v1/audit/verify', async (request) => {
    requireEveryTenant(request, 'admin')
    return verifyChain(services.storage, services.chain)
  })
}

function publicEntry(entry: AuditRecord) {
  return { ...entry, change: JSON.parse(entry.change) as string[] }
}

function normalisedTime(since: string): string {
  const time = Date.parse(since)
  if (Number.isNaN(time)) {
    throw new ApiError(400, 'bad_request', 'since must be a date-time, like 2025-01-31T12:00:00Z')
  }

  return new Date(time).toISOString()
}
