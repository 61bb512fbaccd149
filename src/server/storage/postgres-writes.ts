import { createHash } from 'node:crypto'

import type pg from 'pg'

import { IDEMPOTENCY_COLUMNS, LOCK_COLUMNS, RESOURCE_COLUMNS } from './columns.js'
import { applyWriteSet } from './postgres-write-set.js'
import {
  type Decision, type IdempotencyRecord, type LockRecord, type StoredResource, type WriteScope,
  type WriteState, keyOf,
} from './storage.js'

/** Advisory lock space (first of two int4 keys) of the tenants' apply-lock guards. */
const TENANT_GUARD_SPACE = 7_312_005

/**
 * A failed attempt that a fresh one decides correctly: a create that met a row created by
 * a concurrent transaction (unique violation: the retry sees the row and answers 409 or
 * the idempotent replay), and deadlocks or serialization failures, should one ever occur.
 */
const RETRYABLE = new Set(['23505', '40P01', '40001'])
const MAX_ATTEMPTS = 4

/**
 * One write transaction, in as few round trips as the guarantees allow:
 *
 * 1. `BEGIN` and two advisory locks, in one simple query: the tenant's guard (shared by
 *    writers, which only read the apply lock; exclusive for acquire and release) and the
 *    idempotency key (a retry sent while the first attempt runs waits for its outcome).
 * 2. One statement that reads the apply lock and the idempotency record and locks the rows
 *    of the scope's resources in (kind, name) order. It runs after the locks of step 1
 *    are held, so it sees everything committed by whoever held them before.
 * 3. The decision, in process; then the chain head lock and one statement for every write
 *    (postgres-write-set.ts), then `COMMIT`.
 *
 * Locks are always taken in that order (guard, key, rows, chain head), so two instances
 * never deadlock; the chain head is held only for the last two statements and the commit.
 */
export async function writeTransaction<T>(
  pool: pg.Pool, scope: WriteScope, decide: (state: WriteState) => Decision<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptWrite(pool, scope, decide)
    } catch (error) {
      const code = (error as { code?: unknown }).code
      if (attempt >= MAX_ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error
    }
  }
}

async function attemptWrite<T>(
  pool: pg.Pool, scope: WriteScope, decide: (state: WriteState) => Decision<T>,
): Promise<T> {
  const client = await pool.connect()
  let broken: Error | undefined
  try {
    await client.query(beginAndGuard(scope))
    const decision = decide(await readState(client, scope))
    if (decision.commit) await applyWriteSet(client, scope, decision.commit)
    await client.query(decision.commit ? 'COMMIT' : 'ROLLBACK')
    return decision.result
  } catch (error) {
    await client.query('ROLLBACK').catch((rollback: unknown) => {
      broken = rollback instanceof Error ? rollback : new Error(String(rollback))
    })
    throw error
  } finally {
    client.release(broken)
  }
}

/** The literals are integers computed here: nothing from the request reaches the SQL text. */
function beginAndGuard(scope: WriteScope): string {
  const guard = scope.changesLock === true
    ? 'pg_advisory_xact_lock'
    : 'pg_advisory_xact_lock_shared'
  const statements = ['BEGIN', `SELECT ${guard}(${TENANT_GUARD_SPACE}, ${int32Of(scope.tenant)})`]
  if (scope.idempotency) {
    const { tokenId, key } = scope.idempotency
    statements.push(`SELECT pg_advisory_xact_lock(${int64Of(`${tokenId}\u0000${key}`)})`)
  }

  return statements.join('; ')
}

async function readState(client: pg.PoolClient, scope: WriteScope): Promise<WriteState> {
  const keys = JSON.stringify(scope.keys.map(key => ({ kind: key.kind, name: key.name })))
  const idempotency = scope.idempotency ?? { tokenId: '', key: '' }
  const { rows } = await client.query<{
    rows: StoredResource[]
    lock: LockRecord | null
    replay: IdempotencyRecord | null
  }>(
    `WITH locked AS (
      SELECT ${RESOURCE_COLUMNS} FROM resources
      WHERE tenant = $1 AND (kind, name) IN
        (SELECT kind, name FROM json_to_recordset($2::json) AS k(kind text, name text))
      ORDER BY kind, name FOR UPDATE)
    SELECT
      (SELECT coalesce(json_agg(locked), '[]') FROM locked) AS rows,
      (SELECT row_to_json(l) FROM (SELECT ${LOCK_COLUMNS} FROM tenant_locks
        WHERE tenant = $1) l) AS lock,
      (SELECT row_to_json(i) FROM (SELECT ${IDEMPOTENCY_COLUMNS} FROM idempotency
        WHERE token_id = $3 AND key = $4) i) AS replay`,
    [scope.tenant, keys, idempotency.tokenId, idempotency.key])

  const found = rows[0]
  const state = new Map<string, StoredResource>()
  for (const row of found?.rows ?? []) state.set(keyOf(row), row)
  const lock = found?.lock ?? null
  return { rows: state, lock: lock?.lockId ? lock : null, replay: found?.replay ?? null }
}

function int32Of(text: string): number {
  return createHash('sha256').update(text).digest().readInt32BE(0)
}

function int64Of(text: string): string {
  return createHash('sha256').update(text).digest().readBigInt64BE(0).toString()
}
