import type { FastifyRequest } from 'fastify'

import { ApiError } from './reply.js'

/** The headers of a write: what makes it safe to retry, and what the audit log records. */
export interface WriteHeaders {
  idempotencyKey: string
  lockId: string | undefined
  gitCommit: string | null
  planId: string | null
  author: string | null
  managedBy: 'omsctl' | null
}

const KEY_PATTERN = /^[\x21-\x7E]{1,255}$/

export function readWriteHeaders(request: FastifyRequest): WriteHeaders {
  const idempotencyKey = header(request, 'idempotency-key')
  if (idempotencyKey === undefined) {
    throw new ApiError(400, 'idempotency_key_required',
      'Writes need an Idempotency-Key header (a new random value per intended change)')
  }

  if (!KEY_PATTERN.test(idempotencyKey)) {
    throw new ApiError(400, 'bad_request',
      'Idempotency-Key must be 1 to 255 visible ASCII characters')
  }

  return {
    idempotencyKey,
    lockId: header(request, 'x-omsctl-lock-id'),
    gitCommit: header(request, 'x-omsctl-git-commit') ?? null,
    planId: header(request, 'x-omsctl-plan-id') ?? null,
    author: decoded(header(request, 'x-omsctl-author')) ?? null,
    managedBy: header(request, 'x-omsctl-managed-by') === 'omsctl' ? 'omsctl' : null,
  }
}

/** The version named by If-Match (`"3"`, also `W/"3"` or `3`); 428 when it is missing. */
export function readIfMatch(request: FastifyRequest): number {
  const value = header(request, 'if-match')
  if (value === undefined) {
    throw new ApiError(428, 'precondition_required',
      'This write needs If-Match: "<version>" with the version it replaces')
  }

  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(value.trim())
  if (!match) {
    throw new ApiError(400, 'bad_request', 'If-Match must be a version in quotes, like "3"')
  }

  return Number(match[1])
}

export function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name]
  const first = Array.isArray(value) ? value[0] : value
  return first === undefined || first === '' ? undefined : first
}

/** Clients percent-encode author names that are not Latin-1. */
function decoded(value: string | undefined): string | undefined {
  if (value === undefined || !value.includes('%')) return value

  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
