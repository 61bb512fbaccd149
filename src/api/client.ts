import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'

import { UserError } from '../errors.js'
import { ApiError, errorForStatus } from './api-error.js'
import type { Connection } from './connection.js'
import { describeNetworkFailure } from './network-failure.js'
import { type ResponseSchema, checkResponse } from './response-schemas.js'
import {
  type RetryPolicy, backoffDelay, defaultRetryPolicy, isTransientStatus, parseRetryAfter,
} from './retry-policy.js'

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

export interface ApiRequest {
  method: Method
  /** Path below the API URL, for example `/v1/tenants/acme/resources`. */
  path: string
  query?: Record<string, string | number | boolean | undefined>
  body?: unknown
  headers?: Record<string, string>
  /** Writes always carry one; give it when a retry in a later run must be recognised. */
  idempotencyKey?: string
  /** The contract schema of a successful body; omit for responses without one. */
  schema?: ResponseSchema
  /** Error statuses the caller handles itself: returned instead of thrown. */
  expect?: readonly number[]
}

export interface ApiResponse<T> {
  status: number
  body: T
  /** The server answered a retried write from its idempotency record: applied once, earlier. */
  replayed: boolean
}

export interface ClientOptions {
  timeoutMs?: number
  retry?: RetryPolicy
  userAgent?: string
}

/**
 * The one HTTP client of omsctl. Every command goes through it, so timeouts, retries,
 * idempotency keys and checking responses against the contract happen in one place.
 */
export class ApiClient {
  readonly connection: Connection
  /** Requests sent, retries included; plan and the bench report it. */
  requestCount = 0
  private readonly timeoutMs: number
  private readonly retry: RetryPolicy
  private readonly userAgent: string

  constructor(connection: Connection, options: ClientOptions = {}) {
    this.connection = connection
    this.timeoutMs = options.timeoutMs ?? 30_000
    this.retry = options.retry ?? defaultRetryPolicy
    this.userAgent = options.userAgent ?? 'omsctl'
  }

  async request<T>(request: ApiRequest): Promise<ApiResponse<T>> {
    const endpoint = `${request.method} ${request.path}`
    const url = this.urlFor(request)
    const init = this.initFor(request)

    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(url, init, endpoint)
      const last = attempt >= this.retry.attempts

      if (outcome.kind === 'network') {
        if (last) throw describeNetworkFailure(outcome.error, this.connection, endpoint, attempt)
        await sleep(backoffDelay(this.retry, attempt))
        continue
      }

      const { response, text } = outcome
      if (isTransientStatus(response.status) && !last) {
        await sleep(backoffDelay(this.retry, attempt))
        continue
      }

      if (response.status === 429 && !last) {
        const wait = parseRetryAfter(response.headers.get('retry-after'))
          ?? backoffDelay(this.retry, attempt)
        if (wait <= this.retry.maxRetryAfterMs) {
          await sleep(wait)
          continue
        }
      }

      const replayed = response.headers.get('idempotent-replayed') === 'true'
      return this.finish<T>(request, endpoint, response.status, text, replayed)
    }
  }

  private async finish<T>(
    request: ApiRequest, endpoint: string, status: number, text: string, replayed: boolean,
  ): Promise<ApiResponse<T>> {
    const body = parseBody(text, endpoint, status)

    if (status >= 200 && status < 300) {
      const checked = request.schema === undefined
        ? body
        : await checkResponse<T>(request.schema, endpoint, body)
      return { status, body: checked as T, replayed }
    }

    const errorBody = isRecord(body) ? body : {}
    if (request.expect?.includes(status)) return { status, body: errorBody as T, replayed }

    throw errorForStatus(status, endpoint, errorBody, this.connection)
  }

  private async attempt(url: string, init: RequestInit, endpoint: string): Promise<Outcome> {
    this.requestCount++
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) })
      const text = await response.text()
      return { kind: 'response', response, text }
    } catch (error) {
      if (error instanceof UserError) throw error
      return { kind: 'network', error: annotateTimeout(error, this.timeoutMs, endpoint) }
    }
  }

  private urlFor(request: ApiRequest): string {
    const url = new URL(this.connection.baseUrl + request.path)
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value))
    }

    return url.href
  }

  private initFor(request: ApiRequest): RequestInit {
    const headers: Record<string, string> = {
      'accept': 'application/json',
      'authorization': `Bearer ${this.connection.token}`,
      'user-agent': this.userAgent,
      ...request.headers,
    }

    if (request.method !== 'GET') {
      headers['idempotency-key'] = request.idempotencyKey ?? randomUUID()
    }

    if (request.body === undefined) return { method: request.method, headers }

    headers['content-type'] = 'application/json'
    return { method: request.method, headers, body: JSON.stringify(request.body) }
  }
}

type Outcome
  = | { kind: 'response', response: Response, text: string }
    | { kind: 'network', error: unknown }

function parseBody(text: string, endpoint: string, status: number): unknown {
  if (text === '') return undefined

  try {
    return JSON.parse(text) as unknown
  } catch {
    if (status >= 400) return { error: `http_${status}`, message: text.slice(0, 200) }
    throw new UserError(`Malformed response from ${endpoint}: the body is not JSON`, {
      code: 'api/malformed-response',
      hint: 'check that the API URL points at an omsctl Admin API and not at another service',
    })
  }
}

function annotateTimeout(error: unknown, timeoutMs: number, endpoint: string): unknown {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return new Error(`${endpoint} timed out after ${timeoutMs} ms`, { cause: error })
  }

  return error
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export { ApiError }
