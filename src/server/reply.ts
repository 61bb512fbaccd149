/**
 * What a route answers, as data: status, JSON text and headers. Decisions made inside a
 * storage transaction return one, and the idempotency store keeps it to answer a retry
 * with exactly the first response.
 */
export interface Reply {
  status: number
  /** JSON text, or '' for a response without a body. */
  body: string
  headers: Record<string, string>
}

export function jsonReply(
  status: number, value: unknown, headers: Record<string, string> = {},
): Reply {
  return { status, body: JSON.stringify(value), headers }
}

export function errorReply(
  status: number, code: string, message: string, extra: Record<string, unknown> = {},
): Reply {
  return jsonReply(status, { error: code, message, ...extra })
}

/**
 * An error a route throws to answer with the contract's error body. Fastify's error
 * handler turns it into the response; nothing else about it is logged as a failure.
 */
export class ApiError extends Error {
  readonly statusCode: number
  readonly code: string
  readonly extra: Record<string, unknown>
  readonly headers: Record<string, string>

  constructor(
    statusCode: number, code: string, message: string,
    options: { extra?: Record<string, unknown>, headers?: Record<string, string> } = {},
  ) {
    super(message)
    this.statusCode = statusCode
    this.code = code
    this.extra = options.extra ?? {}
    this.headers = options.headers ?? {}
  }

  toReply(): Reply {
    const reply = errorReply(this.statusCode, this.code, this.message, this.extra)
    return { ...reply, headers: this.headers }
  }
}
