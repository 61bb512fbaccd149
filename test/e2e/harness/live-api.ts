import { randomUUID } from 'node:crypto'

interface LiveItem {
  apiVersion: string
  kind: string
  metadata: { name: string }
  version: number
  spec: Record<string, unknown>
  managedBy: string | null
}

interface AuditItem {
  op: string
  kind: string
  name: string
  actor: string
  planId: string | null
  gitCommit: string | null
  author: string | null
}

/** Direct calls to the Admin API, for what another user or tool does behind omsctl's back. */
export class LiveApi {
  constructor(private readonly url: string, private readonly token: string) {}

  async get<T>(path: string): Promise<{ status: number, body: T }> {
    const response = await fetch(this.url + path, { headers: { authorization: `Bearer ${this.token}` } })
    return { status: response.status, body: await response.json() as T }
  }

  async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(this.url + path, {
      method,
      headers: {
        'authorization': `Bearer ${this.token}`, 'idempotency-key': randomUUID(),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) as Record<string, unknown> }
  }

  /** Changes one spec field the way an admin UI would: read, modify, PUT with If-Match. */
  async changeSpec(tenant: string, id: string, change: (spec: Record<string, unknown>) => void) {
    const { body } = await this.get<LiveItem>(`/v1/tenants/${tenant}/resources/${id}`)
    change(body.spec)
    const { apiVersion, kind, metadata, spec } = body
    const resource = { apiVersion, kind, metadata, spec }
    return this.send('PUT', `/v1/tenants/${tenant}/resources/${id}`, resource, { 'if-match': `"${body.version}"` })
  }

  async resources(tenant: string) {
    const { body } = await this.get<{ items: LiveItem[] }>(
      `/v1/tenants/${tenant}/resources?limit=1000`)
    return body.items
  }

  async audit(tenant: string) {
    const { body } = await this.get<{ items: AuditItem[] }>(`/v1/tenants/${tenant}/audit?limit=1000`)
    return body.items
  }
}
