import { hostname, userInfo } from 'node:os'

import type { ApiClient } from '../api/client.js'
import type { LockInfo } from '../api/live-resource.js'
import { acquireLock, releaseLock } from '../api/lock-api.js'
import { UserError } from '../errors.js'

/** Long enough for the largest changeset; short enough that a crashed apply frees it soon. */
export const LOCK_TTL_SECONDS = 300

/**
 * Who holds the lock, in words an operator can act on. The plan id is part of it, so a
 * rerun of the same plan after a crash recognises its own lock and carries on.
 */
export function lockHolder(planId: string): string {
  let user = 'unknown'
  try {
    user = userInfo().username
  } catch {
    // a container user without a passwd entry has no name; the host still identifies it
  }

  return `${user}@${hostname()} omsctl apply plan ${planId}`
}

/** Takes the tenant's apply lock, or explains who holds it and how to free it. */
export async function takeLock(
  client: ApiClient, tenant: string, holder: string,
): Promise<LockInfo> {
  const outcome = await acquireLock(client, tenant, holder, LOCK_TTL_SECONDS)
  if (outcome.acquired) return outcome.lock

  const held = outcome.held
  if (held?.holder === holder) return held

  const who = held === undefined ? 'another apply' : `${held.holder} (lock ${held.lockId})`
  const until = held === undefined ? '' : ` until ${held.expiresAt}`
  throw new UserError(`Tenant ${tenant} is locked by ${who}${until}`, {
    code: 'apply/locked',
    hint: held === undefined
      ? 'wait for the other apply to finish, then run again'
      : 'wait for it to finish or expire; if its holder died, an admin can run '
        + `\`omsctl lock release --force ${held.lockId} --target ...\``,
  })
}

/** Releasing is best effort: the lock expires by itself, and the apply's outcome matters more. */
export async function freeLock(
  client: ApiClient, tenant: string, lock: LockInfo,
): Promise<string | undefined> {
  try {
    await releaseLock(client, tenant, lock.lockId)
    return undefined
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return `could not release lock ${lock.lockId} (${reason}); it expires at ${lock.expiresAt}`
  }
}
