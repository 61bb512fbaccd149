import type pg from 'pg'

import type { ChainHead, WriteScope, WriteSet } from './storage.js'

/** The fields of a resource row as json_to_recordset reads them from StoredResource JSON. */
const RESOURCE_RECORD = `kind text, name text, version int, body text, "updatedAt" text,
  "updatedBy" text, "managedBy" text, secrets text`

const AUDIT_RECORD = `seq bigint, "time" text, actor text, tenant text, op text, kind text,
  name text, "beforeDigest" text, "afterDigest" text, change text, "gitCommit" text,
  "planId" text, author text, "changesetId" text, "prevHash" text, hash text`

/**
 * The write half of a PostgreSQL transaction: first the chain head (locked, then the
 * entries sealed onto it), then one statement that writes every table. Rows travel as one
 * JSON parameter per table, expanded by json_to_recordset: a changeset of 10,000 changes
 * costs the same three round trips as a single write, and JSON.stringify is much cheaper
 * than binding text arrays element by element.
 */
export async function applyWriteSet(
  client: pg.PoolClient, scope: WriteScope, writes: WriteSet,
): Promise<void> {
  const values: unknown[] = []
  const param = (value: unknown) => `$${values.push(value)}`
  let tenantParam: string | undefined
  const tenant = () => tenantParam ??= `${param(scope.tenant)}::text`
  const steps: string[] = []

  if (writes.deletes.length > 0) {
    steps.push(`DELETE FROM resources WHERE tenant = ${tenant()} AND (kind, name) IN
      (SELECT kind, name FROM json_to_recordset(${param(JSON.stringify(writes.deletes))}::json)
        AS d(kind text, name text))`)
  }

  if (writes.creates.length > 0) {
    steps.push(`INSERT INTO resources
      (tenant, kind, name, version, body, updated_at, updated_by, managed_by, secrets)
      SELECT ${tenant()}, kind, name, version, body, "updatedAt", "updatedBy", "managedBy",
        secrets
      FROM json_to_recordset(${param(JSON.stringify(writes.creates))}::json)
        AS r(${RESOURCE_RECORD})`)
  }

  if (writes.updates.length > 0) {
    steps.push(`UPDATE resources AS t SET version = r.version, body = r.body,
      updated_at = r."updatedAt", updated_by = r."updatedBy", managed_by = r."managedBy",
      secrets = r.secrets
      FROM json_to_recordset(${param(JSON.stringify(writes.updates))}::json)
        AS r(${RESOURCE_RECORD})
      WHERE t.tenant = ${tenant()} AND t.kind = r.kind AND t.name = r.name`)
  }

  if (writes.audit.length > 0) {
    const head = await sealOntoHead(client, scope, writes)
    steps.push(`INSERT INTO audit (seq, time, actor, tenant, op, kind, name, before_digest,
      after_digest, change, git_commit, plan_id, author, changeset_id, prev_hash, hash)
      SELECT * FROM json_to_recordset(${param(JSON.stringify(writes.audit))}::json)
        AS a(${AUDIT_RECORD})`)
    steps.push(`UPDATE audit_head SET seq = ${param(head.seq)}, hash = ${param(head.hash)},
      head_mac = ${param(head.mac)} WHERE id = 1`)
  }

  const lock = writes.lock
  if (lock && 'set' in lock) {
    const set = lock.set
    steps.push(`INSERT INTO tenant_locks
      (tenant, lock_id, holder, token_id, acquired_at, expires_at)
      VALUES (${tenant()}, ${param(set.lockId)}, ${param(set.holder)}, ${param(set.tokenId)},
        ${param(set.acquiredAt)}, ${param(set.expiresAt)})
      ON CONFLICT (tenant) DO UPDATE SET lock_id = excluded.lock_id,
        holder = excluded.holder, token_id = excluded.token_id,
        acquired_at = excluded.acquired_at, expires_at = excluded.expires_at`)
  }

  if (lock && 'clear' in lock) {
    steps.push(`UPDATE tenant_locks SET lock_id = NULL, holder = NULL, token_id = NULL,
      acquired_at = NULL, expires_at = NULL
      WHERE tenant = ${tenant()} AND lock_id = ${param(lock.clear)}`)
  }

  const record = writes.idempotency
  if (record) {
    steps.push(`INSERT INTO idempotency
      (token_id, key, request_hash, status, body, headers, created_at)
      VALUES (${[record.tokenId, record.key, record.requestHash, record.status, record.body,
        record.headers, record.createdAt].map(param).join(', ')})
      ON CONFLICT DO NOTHING`)
  }

  if (steps.length === 0) return

  const ctes = steps.map((step, index) => `w${index} AS (${step})`).join(',\n')
  await client.query(`WITH ${ctes} SELECT 1`, values)
}

/**
 * Locks the chain head, the one row every writer shares, as late as possible: after the
 * state was read and the changes decided, so that it is held for two statements and the
 * commit.
 */
async function sealOntoHead(
  client: pg.PoolClient, scope: WriteScope, writes: WriteSet,
): Promise<ChainHead> {
  if (!scope.seal) throw new Error('audit entries to write without a chain to seal them')

  const { rows } = await client.query<ChainHead>(
    'SELECT seq, hash, head_mac AS mac FROM audit_head WHERE id = 1 FOR UPDATE')
  const head = rows[0]
  if (!head) throw new Error('the audit chain head row is missing')

  return scope.seal(head, writes.audit)
}
