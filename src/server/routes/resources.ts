import type { FastifyInstance } from 'fastify'

import { requireTenant } from '../auth.js'
import { commitChanges, invalid, send } from '../commit-changes.js'
import { etagOf, liveResourceJson } from '../live-resource.js'
import { ApiError, jsonReply } from '../reply.js'
import { type InputProblem, readResource } from '../resource-input.js'
import type { PreparedChange, Written } from '../resource-writes.js'
import type { Services } from '../services.js'
import type { ResourceKey, StoredResource } from '../storage/storage.js'
import { readIfMatch } from '../write-headers.js'
import {
  type ResourceParams, type TenantParams, checkTenant, decodeCursor, encodeCursor, limitSchema,
} from './route-params.js'

interface ListQuery {
  limit: number
  cursor?: string
  kind?: string
}

const isKey = (value: unknown): value is [string, string] =>
  Array.isArray(value) && value.length === 2 && value.every(part => typeof part === 'string')

/** Bulk list, and read, create, replace and delete by kind and name. */
export function resourceRoutes(app: FastifyInstance, services: Services): void {
  const { storage } = services

  app.get<{ Params: TenantParams, Querystring: ListQuery }>('/v1/tenants/:tenant/resources', {
    schema: {
      querystring: {
        type: 'object',
        properties: { limit: limitSchema(1000, 1000), cursor: { type: 'string' }, kind: { type: 'string' } },
      },
    },
  }, async (request, reply) => {
    const tenant = checkTenant(request.params.tenant)
    requireTenant(request, tenant, 'read')
    const { limit, cursor, kind } = request.query
    const after = cursor === undefined ? undefined : decodeCursor(cursor, isKey)

    const rows = await storage.listResources(tenant, {
      limit,
      ...(kind === undefined ? {} : { kind }),
      ...(after ? { after: { kind: after[0], name: after[1] } } : {}),
    })
    const last = rows.at(-1)
    const nextCursor = rows.length === limit && last ? encodeCursor([last.kind, last.name]) : null
    const items = rows.map(liveResourceJson).join(',')
    return reply.type('application/json; charset=utf-8')
      .send(`{"items":[${items}],"nextCursor":${JSON.stringify(nextCursor)}}`)
  })

  app.get<{ Params: ResourceParams }>('/v1/tenants/:tenant/resources/:kind/:name',
    async (request, reply) => {
      const tenant = checkTenant(request.params.tenant)
      requireTenant(request, tenant, 'read')
      const row = await storage.getResource(tenant, keyFrom(request.params))
      if (!row) throw notFound(request.params)

      return reply.header('etag', etagOf(row.version))
        .type('application/json; charset=utf-8').send(liveResourceJson(row))
    })

  app.post<{ Params: TenantParams }>('/v1/tenants/:tenant/resources', async (request, reply) => {
    const tenant = checkTenant(request.params.tenant)
    const principal = requireTenant(request, tenant, 'apply')
    const change = singleChange('create', request.body, {})

    const answer = await commitChanges(services, request, principal, tenant, [change], 'single',
      written => resourceReply(firstRow(written), 201, tenant))
    return send(reply, answer)
  })

  app.put<{ Params: ResourceParams }>('/v1/tenants/:tenant/resources/:kind/:name',
    async (request, reply) => {
      const tenant = checkTenant(request.params.tenant)
      const principal = requireTenant(request, tenant, 'apply')
      const expectedVersion = readIfMatch(request)
      const change = { ...singleChange('update', request.body, keyFrom(request.params)), expectedVersion }

      const answer = await commitChanges(services, request, principal, tenant, [change], 'single',
        written => resourceReply(firstRow(written), 200, tenant))
      return send(reply, answer)
    })

  app.delete<{ Params: ResourceParams }>('/v1/tenants/:tenant/resources/:kind/:name',
    async (request, reply) => {
      const tenant = checkTenant(request.params.tenant)
      const principal = requireTenant(request, tenant, 'apply')
      const expectedVersion = readIfMatch(request)
      const change: PreparedChange = {
        op: 'delete', key: keyFrom(request.params), expectedVersion, secrets: [], pointer: '',
      }

      const answer = await commitChanges(services, request, principal, tenant, [change], 'single',
        () => ({ status: 204, body: '', headers: {} }))
      return send(reply, answer)
    })
}

function singleChange(
  op: 'create' | 'update', body: unknown, expected: Partial<ResourceKey>,
): PreparedChange {
  const problems: InputProblem[] = []
  const input = readResource(body, '', expected, problems)
  if (!input) throw invalid(problems)

  const metadata = input.resource.metadata as { name: string }
  const key = { kind: input.resource.kind as string, name: metadata.name }
  return { op, key, ...input, pointer: '' }
}

function firstRow(written: Written[]): StoredResource {
  const row = written[0]?.row
  if (!row) throw new Error('a single create or update wrote no row')
  return row
}

function resourceReply(row: StoredResource, status: number, tenant: string) {
  const location = `/v1/tenants/${tenant}/resources/${encodeURIComponent(row.kind)}/`
    + encodeURIComponent(row.name)
  const reply = jsonReply(status, null, { etag: etagOf(row.version), location })
  return { ...reply, body: liveResourceJson(row) }
}

function keyFrom(params: ResourceParams): ResourceKey {
  return { kind: params.kind, name: params.name }
}

function notFound(params: ResourceParams): ApiError {
  return new ApiError(404, 'not_found', `No ${params.kind}/${params.name} in tenant ${params.tenant}`)
}
