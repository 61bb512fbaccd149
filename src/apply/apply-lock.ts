import { hostname, userInfo } from 'node:os'

import type { ApiClient } from '../api/client.js'
import type { LockInfo } from '../api/live-resource.js'
import { acquireLock, releaseLock } from '../api/lock-api.js'
import { UserError } from '../errors.js'

/** Long enough for the largest changeset; short enough that a crashed apply frees it soon. */
export const LOCK_TTL_SECONDS = 300

/**
 * Who holds the lock, in words an operator can act on. It names the job, not the run: the
 * user and host, the target and the digest of the desired state. A rerun of the same job
 * after a crash (with the same plan file, or planning again from the same commit, which
 * gives a new plan id) recognises its own lock and carries on instead of waiting for it to
 * expire; an apply of other settings, or from elsewhere, is still kept out.
 */
export function lockHolder(target: string, desiredDigest: string): string {
  let user = 'unknown'
  try {
    user = userInfo().username
  } catch {
    // a container user without a passwd entry has no name; the host still identifies it
  }

  const digest = desiredDigest.replace(/^sha256:/, '').slice(0, 16)
  // the server takes 200 characters; the job's part is what re-entry depends on
  const who = `${user}@${hostname()}`.slice(0, 60)
  return `${who} omsctl apply ${target} state ${digest}`
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
