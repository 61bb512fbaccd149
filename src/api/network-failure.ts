import { UserError } from '../errors.js'
import type { Connection } from './connection.js'

const knownCodes: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
}

/**
 * fetch reports every network failure as `TypeError: fetch failed` with the reason in a
 * chain of causes; the user needs the reason, the URL and what to check.
 */
export function describeNetworkFailure(
  error: unknown, connection: Connection, endpoint: string, attempts: number,
): UserError {
  const reason = reasonOf(error)
  return new UserError(
    `Cannot reach the OMS API at ${connection.baseUrl} (${reason}) for ${endpoint}, `
    + `after ${attempts} attempts`,
    {
      code: 'api/unreachable',
      hint: 'check that the server is running and the URL is right '
        + '(--api-url, OMSCTL_API_URL, or apiUrl of the environment in omsctl.yaml)',
      cause: error,
    },
  )
}

function reasonOf(error: unknown): string {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && knownCodes[code] !== undefined) return knownCodes[code]
    if (current.message.includes('timed out')) return current.message
  }

  return error instanceof Error ? error.message : String(error)
}
