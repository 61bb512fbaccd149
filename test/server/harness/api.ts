import { randomUUID } from 'node:crypto'

import { contractProblems } from './contract.js'

export interface ApiResponse<T = Record<string, unknown>> {
  status: number
  headers: Record<string, string>
  body: T
  text: string
}

export interface RequestOptions {
  token?: string
  body?: unknown
  /** Raw body text, sent as is (for malformed JSON). */
  raw?: string
  headers?: Record<string, string>
  /** Writes get a fresh Idempotency-Key unless one is given here or `null` asks for none. */
  idempotencyKey?: string | null
  /** For a path the contract does not have (an unknown route): skip the contract check. */
  outsideContract?: boolean
}

/**
 * HTTP against a running server. Every response is checked against schemas/openapi.yaml
 * by openapi-backend; a response that breaks the contract fails the test that got it.
 */
export class Api {
  /** Every response text seen, for the "no secret in any response" checks. */
  readonly transcript: string[] = []

  constructor(readonly baseUrl: string, readonly defaultToken?: string) {}

  async request<T = Record<string, unknown>>(
    method: string, path: string, options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers }
    const token = options.token ?? this.defaultToken
    if (token !== undefined) headers.authorization = `Bearer ${token}`

    const json = options.body === undefined ? undefined : JSON.stringify(options.body)
    const payload = options.raw ?? json
    if (payload !== undefined) headers['content-type'] ??= 'application/json'

    if (method !== 'GET' && options.idempotencyKey !== null) {
      headers['idempotency-key'] = options.idempotencyKey ?? randomUUID()
    }

    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload })
    const text = await response.text()
    this.transcript.push(text, JSON.stringify([...response.headers]))

    const isJson = (response.headers.get('content-type') ?? '').includes('application/json')
    const body = (isJson && text !== '' ? JSON.parse(text) : text === '' ? undefined : text) as T
    const responseHeaders = Object.fromEntries(response.headers)
    const url = new URL(`${this.baseUrl}${path}`)

    const problems = options.outsideContract === true
      ? []
      : await contractProblems({
          method,
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          status: response.status,
          headers: responseHeaders,
          body,
        })
    if (problems.length > 0) {
      throw new Error(`response breaks openapi.yaml:\n${problems.join('\n')}\nbody: ${text.slice(0, 500)}`)
    }

    return { status: response.status, headers: responseHeaders, body, text }
  }

  get<T = Record<string, unknown>>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options)
  }

  post<T = Record<string, unknown>>(path: string, body: unknown, options: RequestOptions = {}) {
    return this.request<T>('POST', path, { ...options, body })
  }

  put<T = Record<string, unknown>>(path: string, body: unknown, options: RequestOptions = {}) {
    return this.request<T>('PUT', path, { ...options, body })
  }

  delete<T = Record<string, unknown>>(path: string, options: RequestOptions = {}) {
    return this.request<T>('DELETE', path, options)
  }
}
