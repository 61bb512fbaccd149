import { randomUUID } from 'node:crypto'

import { type Reply, errorReply, jsonReply } from './reply.js'
import type { Decision, LockRecord, WriteState } from './storage/storage.js'

/** The lock as the API shows it: never the token that took it. */
export function publicLock(lock: LockRecord) {
  return {
    lockId: lock.lockId,
    tenant: lock.tenant,
    holder: lock.holder,
    acquiredAt: lock.acquiredAt,
    expiresAt: lock.expiresAt,
  }
}

export function isActive(lock: LockRecord | null | undefined, now: Date): lock is LockRecord {
  return lock !== null && lock !== undefined && Date.parse(lock.expiresAt) > now.getTime()
}

/** 423 when another holder's lock is active; writes that carry its id pass. */
export function lockRefusal(
  lock: LockRecord | null, lockId: string | undefined, now: Date,
): Reply | undefined {
  if (!isActive(lock, now) || lock.lockId === lockId) return undefined

  return errorReply(423, 'locked',
    `Tenant ${lock.tenant} is locked by ${lock.holder} until ${lock.expiresAt}`,
    { lock: publicLock(lock) })
}

export function decideAcquire(
  state: WriteState,
  request: { tenant: string, holder: string, ttlSeconds: number, tokenId: string, now: Date },
): Decision<Reply> {
  if (isActive(state.lock, request.now)) {
    const held = state.lock
    return {
      commit: null,
      result: errorReply(423, 'locked',
        `Tenant ${held.tenant} is already locked by ${held.holder} until ${held.expiresAt}`,
        { lock: publicLock(held) }),
    }
  }

  const lock: LockRecord = {
    lockId: randomUUID(),
    tenant: request.tenant,
    holder: request.holder,
    tokenId: request.tokenId,
    acquiredAt: request.now.toISOString(),
    expiresAt: new Date(request.now.getTime() + request.ttlSeconds * 1000).toISOString(),
  }
  return {
    commit: { creates: [], updates: [], deletes: [], audit: [], lock: { set: lock } },
    result: jsonReply(201, publicLock(lock)),
  }
}

/**
 * Without force only the token that took the lock may release it; with force (admin,
 * checked by the route) any active lock of the tenant, for a holder that died.
 */
export function decideRelease(
  state: WriteState,
  request: { lockId: string, force: boolean, tokenId: string, now: Date },
): Decision<Reply> {
  const lock = state.lock
  if (!isActive(lock, request.now) || lock.lockId !== request.lockId) {
    return {
      commit: null,
      result: errorReply(404, 'not_found', `No active lock ${request.lockId} on this tenant`),
    }
  }

  if (!request.force && lock.tokenId !== request.tokenId) {
    return {
      commit: null,
      result: errorReply(403, 'not_lock_holder',
        `Lock ${lock.lockId} was taken by another token (${lock.holder}); `
        + 'an admin token can release it with ?force=true'),
    }
  }

  return {
    commit: { creates: [], updates: [], deletes: [], audit: [], lock: { clear: lock.lockId } },
    result: { status: 204, body: '', headers: {} },
  }
}
