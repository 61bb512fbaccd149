import type { ApiClient } from './client.js'
import type {
  AuditEntry, AuditPage, ChangesetItem, ChangesetResult, LiveResource, ResourcePage,
} from './live-resource.js'

/** The contract's largest page: fewer round trips, and requests grow only with paging. */
const PAGE_SIZE = 1000

/** Headers that tie a write to its review in the server's audit log. */
export interface WriteContext {
  lockId?: string
  gitCommit?: string
  planId?: string
  author?: string
}

export function tenantPath(tenant: string): string {
  return `/v1/tenants/${encodeURIComponent(tenant)}`
}

/** The live snapshot of a tenant: every resource, through the bulk list only. */
export async function listResources(client: ApiClient, tenant: string): Promise<LiveResource[]> {
  const items: LiveResource[] = []
  let cursor: string | undefined

  do {
    const { body } = await client.request<ResourcePage>({
      method: 'GET',
      path: `${tenantPath(tenant)}/resources`,
      query: { limit: PAGE_SIZE, cursor },
      schema: 'resourcePage',
    })
    for (const item of body.items) items.push(item)
    cursor = body.nextCursor ?? undefined
  } while (cursor !== undefined)

  return items
}

/** Which audit entries to read: since a time, of one kind, of one resource. */
export interface AuditFilter {
  since?: string
  kind?: string
  name?: string
}

/** The audit log of a tenant, oldest first, in pages; the server applies the filter. */
export async function listAudit(
  client: ApiClient, tenant: string, filter: AuditFilter = {},
): Promise<AuditEntry[]> {
  const items: AuditEntry[] = []
  let cursor: string | undefined

  do {
    const { body } = await client.request<AuditPage>({
      method: 'GET',
      path: `${tenantPath(tenant)}/audit`,
      query: { limit: PAGE_SIZE, cursor, ...filter },
      schema: 'auditPage',
    })
    for (const item of body.items) items.push(item)
    cursor = body.nextCursor ?? undefined
  } while (cursor !== undefined)

  return items
}

export function writeHeaders(context: WriteContext): Record<string, string> {
  const headers: Record<string, string> = { 'x-omsctl-managed-by': 'omsctl' }
  if (context.lockId !== undefined) headers['x-omsctl-lock-id'] = context.lockId
  if (context.gitCommit !== undefined) headers['x-omsctl-git-commit'] = context.gitCommit
  if (context.planId !== undefined) headers['x-omsctl-plan-id'] = context.planId
  if (context.author !== undefined) headers['x-omsctl-author'] = headerSafe(context.author)
  return headers
}

export type ChangesetOutcome
  = | { status: 200, body: ChangesetResult, replayed: boolean }
    | { status: 409 | 412 | 422 | 423, body: Record<string, unknown>, replayed: boolean }

/**
 * Sends one atomic changeset. The statuses a caller must explain to the user in its own
 * words (stale versions, a create racing another, invalid bodies, a held lock) come back
 * as values; every other failure is thrown.
 */
export async function postChangeset(
  client: ApiClient,
  tenant: string,
  changes: ChangesetItem[],
  options: { idempotencyKey: string, context: WriteContext },
): Promise<ChangesetOutcome> {
  const response = await client.request<unknown>({
    method: 'POST',
    path: `${tenantPath(tenant)}/changesets`,
    body: { changes },
    headers: writeHeaders(options.context),
    idempotencyKey: options.idempotencyKey,
    schema: 'changesetResult',
    expect: [409, 412, 422, 423],
  })

  return response as ChangesetOutcome
}

/** HTTP header values must be Latin-1; an author name may not be. */
function headerSafe(value: string): string {
  return /^[\x20-\x7E]*$/.test(value) ? value : encodeURIComponent(value)
}
