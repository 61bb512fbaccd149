import { createHash } from 'node:crypto'

import { type Reply, errorReply } from './reply.js'
import type { Decision, Storage, WriteState } from './storage/storage.js'

/** Retries within this time get the first response; records are purged after twice it. */
export const IDEMPOTENCY_TTL_HOURS = 24

/**
 * Drops the records older than twice the promised time; the server runs it hourly. The
 * margin covers a purge that runs late and clocks of several instances that disagree.
 */
export function purgeExpiredKeys(storage: Storage, now: Date): Promise<number> {
  const before = new Date(now.getTime() - 2 * IDEMPOTENCY_TTL_HOURS * 3600_000)
  return storage.purgeIdempotency(before.toISOString())
}

export interface IdempotentRequest {
  tokenId: string
  key: string
  /** Of method, path, If-Match and the raw body: what makes two requests "the same". */
  requestHash: string
  now: Date
}

export function requestHash(parts: readonly string[]): string {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part).update('\u0000')
  return hash.digest('hex')
}

/**
 * Wraps a decision so that a retry answers from the stored first response and the first
 * success is stored in the same transaction as the change it made: a crash can never
 * leave a change applied without its record, or a record without its change. Refusals are
 * not stored: nothing was applied, so a retry may be decided afresh.
 */
export function idempotent(
  request: IdempotentRequest, decide: (state: WriteState) => Decision<Reply>,
): (state: WriteState) => Decision<Reply> {
  return (state) => {
    const first = state.replay
    if (first) {
      if (first.requestHash !== request.requestHash) {
        return {
          commit: null,
          result: errorReply(422, 'idempotency_key_reuse',
            `Idempotency-Key ${request.key} was used for another request; use a new key`),
        }
      }

      const headers = JSON.parse(first.headers) as Record<string, string>
      return {
        commit: null,
        result: { status: first.status, body: first.body, headers: { ...headers, 'idempotent-replayed': 'true' } },
      }
    }

    const decision = decide(state)
    const reply = decision.result
    if (!decision.commit || reply.status >= 300) return decision

    decision.commit.idempotency = {
      tokenId: request.tokenId,
      key: request.key,
      requestHash: request.requestHash,
      status: reply.status,
      body: reply.body,
      headers: JSON.stringify(reply.headers),
      createdAt: request.now.toISOString(),
    }
    return decision
  }
}
