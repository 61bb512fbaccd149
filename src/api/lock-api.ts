import type { ApiClient } from './client.js'
import type { LockInfo } from './live-resource.js'
import { tenantPath } from './tenant-api.js'

export type AcquireOutcome
  = | { acquired: true, lock: LockInfo }
    | { acquired: false, held: LockInfo | undefined }

/** Takes the tenant's apply lock, or reports who holds it. */
export async function acquireLock(
  client: ApiClient, tenant: string, holder: string, ttlSeconds: number,
): Promise<AcquireOutcome> {
  const response = await client.request<unknown>({
    method: 'POST',
    path: `${tenantPath(tenant)}/lock`,
    body: { holder, ttlSeconds },
    schema: 'lock',
    expect: [423],
  })

  if (response.status === 423) {
    const body = response.body as { lock?: LockInfo }
    return { acquired: false, held: body.lock }
  }

  return { acquired: true, lock: response.body as LockInfo }
}

/** The current lock, or undefined when the tenant is not locked. */
export async function currentLock(
  client: ApiClient, tenant: string,
): Promise<LockInfo | undefined> {
  const response = await client.request<LockInfo>({
    method: 'GET',
    path: `${tenantPath(tenant)}/lock`,
    schema: 'lock',
    expect: [404],
  })

  return response.status === 404 ? undefined : response.body
}

/**
 * Releases a lock. Without force only the holder's tenant scope may; with force the token
 * needs the admin role. Returns false when there was no such lock.
 */
export async function releaseLock(
  client: ApiClient, tenant: string, lockId: string, force = false,
): Promise<boolean> {
  const response = await client.request<unknown>({
    method: 'DELETE',
    path: `${tenantPath(tenant)}/lock/${encodeURIComponent(lockId)}`,
    query: { force: force ? 'true' : undefined },
    expect: [404],
  })

  return response.status !== 404
}
