import type { FastifyInstance } from 'fastify'

import { requireTenant } from '../auth.js'
import { readChangeset } from '../changeset-request.js'
import { commitChanges, invalid, send } from '../commit-changes.js'
import { jsonReply } from '../reply.js'
import type { Services } from '../services.js'
import { type TenantParams, checkTenant } from './route-params.js'

/** The atomic changeset: what `omsctl apply` sends. */
export function changesetRoutes(app: FastifyInstance, services: Services): void {
  app.post<{ Params: TenantParams }>('/v1/tenants/:tenant/changesets', async (request, reply) => {
    const tenant = checkTenant(request.params.tenant)
    const principal = requireTenant(request, tenant, 'apply')
    const { changes, problems } = readChangeset(request.body)
    if (problems.length > 0) throw invalid(problems)

    const answer = await commitChanges(services, request, principal, tenant, changes, 'changeset',
      (written, changesetId) => {
        return jsonReply(200, {
          changesetId,
          results: written.map(({ change, row }) => ({
            op: change.op,
            kind: change.key.kind,
            name: change.key.name,
            version: row?.version ?? null,
          })),
        })
      })
    return send(reply, answer)
  })
}
