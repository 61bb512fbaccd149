import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify'
import rateLimit from '@fastify/rate-limit'
import type pino from 'pino'

import { handleError, handleNotFound } from './error-handler.js'
import { ApiError } from './reply.js'
import { auditRoutes } from './routes/audit.js'
import { changesetRoutes } from './routes/changesets.js'
import { lockRoutes } from './routes/locks.js'
import { operationsRoutes } from './routes/operations.js'
import { resourceRoutes } from './routes/resources.js'
import type { Services } from './services.js'

export interface AppOptions {
  logger: pino.Logger
  bodyLimitBytes: number
  /** Requests per minute per token; 0 turns the limit off. */
  rateLimitPerMinute: number
}

/** Builds the API on fastify: hooks for auth, limits, metrics and logs, then the routes. */
export async function buildApp(services: Services, options: AppOptions): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = options.logger
  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimitBytes,
    return503OnClosing: true,
  })

  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string
    void parseJson(request, body as string, done)
  })

  app.addHook('onRequest', async (request) => {
    if (request.url === '/health') return
    request.principal = await services.tokens.resolve(request.headers.authorization)
  })

  if (options.rateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      hook: 'preHandler',
      max: options.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: request => request.principal?.tokenId ?? request.ip,
      errorResponseBuilder: (_request, context) => new ApiError(429, 'rate_limited',
        `More than ${context.max} requests per minute with this token; retry in ${context.after}`),
    })
  }

  // Node closes idle keep-alive sockets when the server closes, not sockets whose request
  // was in flight then: those must close after their response, or shutdown waits for the
  // client's keep-alive to end.
  app.addHook('onSend', async (_request, reply) => {
    if (services.closing) void reply.header('connection', 'close')
  })

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unknown'
    const seconds = reply.elapsedTime / 1000
    services.metrics.observeRequest(request.method, route, reply.statusCode, seconds)
    if (request.principal) {
      services.sessions.seen(request.principal.tokenId, `${request.method} ${route}`, new Date())
    }

    request.log.info({
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      actor: request.principal?.name ?? null,
    }, 'request')
  })

  app.setErrorHandler(handleError)
  app.setNotFoundHandler(handleNotFound)

  operationsRoutes(app, services)
  resourceRoutes(app, services)
  changesetRoutes(app, services)
  auditRoutes(app, services)
  lockRoutes(app, services)
  return app
}
