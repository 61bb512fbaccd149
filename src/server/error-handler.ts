import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'

import { send } from './commit-changes.js'
import { ApiError, errorReply } from './reply.js'

/**
 * Every failure leaves as the contract's error body. Messages are fixed texts, never the
 * parser's: a JSON syntax error quotes the body it failed on, and that body may hold a
 * secret value.
 */
export function handleError(
  error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply,
): FastifyReply {
  if (error instanceof ApiError) return send(reply, error.toReply())

  if (error.validation) {
    const problems = error.validation.map(item => ({
      pointer: item.instancePath,
      message: item.message ?? 'is invalid',
    }))
    return error.validationContext === 'body'
      ? send(reply, errorReply(422, 'invalid', `The request has ${problems.length} problem(s)`,
          { problems }))
      : send(reply, errorReply(400, 'bad_request',
          `The ${error.validationContext ?? 'request'} is invalid`, { details: problems }))
  }

  const status = error.statusCode ?? 500
  const known = KNOWN[error.code]
  if (known) return send(reply, errorReply(known.status, known.code, known.message))

  if (status >= 400 && status < 500) {
    request.log.info({ code: error.code, status }, 'refused request')
    return send(reply, errorReply(status, 'bad_request', 'The request is not acceptable'))
  }

  request.log.error({ err: { type: error.name, message: error.message, stack: error.stack } },
    'internal error')
  return send(reply, errorReply(500, 'internal_error',
    'The server failed to handle the request; it has been logged'))
}

const KNOWN: Record<string, { status: number, code: string, message: string } | undefined> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413, code: 'payload_too_large', message: 'The request body is larger than the server accepts',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415, code: 'unsupported_media_type', message: 'Send the body as application/json',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400, code: 'bad_json', message: 'The request body is empty; send a JSON document',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400, code: 'bad_json', message: 'The request body is not valid JSON',
  },
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return send(reply, errorReply(404, 'not_found', `No route ${request.method} ${request.url}`))
}
