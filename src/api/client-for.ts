import type { Target } from '../resolve/target.js'
import { ApiClient } from './client.js'
import { connectionFor } from './connection.js'

/** The flags of targetFlags that shape the client. */
export interface ClientFlags {
  'api-url'?: string
  'request-timeout'?: number
}

/** The API client of a target, as the command line and the environment configure it. */
export function clientFor(target: Target, flags: ClientFlags, omsctlVersion: string): ApiClient {
  const seconds = flags['request-timeout']
  return new ApiClient(connectionFor(target, flags['api-url']), {
    userAgent: `omsctl/${omsctlVersion}`,
    ...(seconds === undefined ? {} : { timeoutMs: seconds * 1000 }),
  })
}
