import type { FastifyInstance } from 'fastify'

import { requireEveryTenant, requireRole, withinScope } from '../auth.js'
import type { Services } from '../services.js'

/**
 * Health (no token: load balancers ask it), active sessions (admin; only tokens within the
 * caller's tenants) and metrics (admin of every tenant: the counts span all of them).
 */
export function operationsRoutes(app: FastifyInstance, services: Services): void {
  app.get('/health', async (_request, reply) => {
    const uptimeSeconds = Math.round((Date.now() - services.startedAt) / 1000)
    const reachable = await services.storage.ping().then(() => true, () => false)
    return reply.code(reachable ? 200 : 503).send({
      status: reachable ? 'ok' : 'unavailable',
      storage: services.storage.backend,
      version: services.version,
      uptimeSeconds,
    })
  })

  app.get('/v1/sessions', async (request) => {
    const principal = requireRole(request, 'admin')
    const sessions = await services.sessions.active(new Date())
    return { items: sessions.filter(session => withinScope(principal, session.tenants)) }
  })

  app.get('/metrics', async (request, reply) => {
    requireEveryTenant(request, 'admin')
    return reply.type('text/plain; version=0.0.4; charset=utf-8')
      .send(services.metrics.render(services.storage.backend))
  })
}
