import type { FastifyInstance } from 'fastify'

import { requireRole } from '../auth.js'
import type { Services } from '../services.js'

/** Health (no token: load balancers ask it), active sessions and metrics (admin). */
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
    requireRole(request, 'admin')
    return { items: await services.sessions.active(new Date()) }
  })

  app.get('/metrics', async (request, reply) => {
    requireRole(request, 'admin')
    return reply.type('text/plain; version=0.0.4; charset=utf-8')
      .send(services.metrics.render(services.storage.backend))
  })
}
