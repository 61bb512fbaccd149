import { UserError } from '../errors.js'

/**
 * An error response of the Admin API. Callers that expect some statuses (412 stale,
 * 423 locked, 409 exists) catch it and look at `status` and `body`; anything else reaches
 * the user as a message that names the endpoint.
 */
export class ApiError extends UserError {
  readonly status: number
  readonly errorCode: string
  readonly endpoint: string
  readonly body: Record<string, unknown>

  constructor(
    message: string,
    details: { status: number, errorCode: string, endpoint: string, body: Record<string, unknown> },
    hint?: string,
  ) {
    super(message, { code: `api/${details.errorCode}`, ...(hint === undefined ? {} : { hint }) })
    this.name = 'ApiError'
    this.status = details.status
    this.errorCode = details.errorCode
    this.endpoint = details.endpoint
    this.body = details.body
  }
}

/** Builds the message for an error response the caller did not handle itself. */
export function errorForStatus(
  status: number,
  endpoint: string,
  body: Record<string, unknown>,
  context: { baseUrl: string, tokenSource: string },
): ApiError {
  const errorCode = typeof body.error === 'string' ? body.error : `http_${status}`
  const serverMessage = typeof body.message === 'string' ? body.message : undefined
  const details = { status, errorCode, endpoint, body }
  const said = serverMessage === undefined ? '' : `: ${serverMessage}`

  switch (status) {
    case 401: {
      return new ApiError(
        `The API at ${context.baseUrl} rejected the token from ${context.tokenSource} (401)`,
        details,
        `check ${context.tokenSource}: the token is missing, mistyped, expired or revoked`,
      )
    }

    case 403: {
      return new ApiError(`Permission denied for ${endpoint} (403)${said}`, details,
        `the token from ${context.tokenSource} needs a stronger role `
        + '(plan reads the audit log, apply writes, admin force-releases locks)')
    }

    case 404: {
      return new ApiError(`Not found: ${endpoint} at ${context.baseUrl} (404)${said}`, details,
        `check the tenant name and that the token from ${context.tokenSource} is scoped to it`)
    }

    default: {
      return new ApiError(`${endpoint} failed with ${status} ${errorCode}${said}`, details)
    }
  }
}
