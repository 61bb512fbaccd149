import type pg from 'pg'

import type { WriteSet } from './storage.js'

/**
 * The write half of a PostgreSQL transaction. Each table gets one statement whatever the
 * number of rows: arrays bound as parameters and expanded with unnest, so a changeset of
 * 10,000 changes costs a handful of round trips instead of 20,000.
 */
export async function applyWriteSet(
  client: pg.PoolClient, tenant: string, writes: WriteSet,
): Promise<void> {
  if (writes.deletes.length > 0) {
    await client.query(
      `DELETE FROM resources WHERE tenant = $1 AND (kind, name) IN
        (SELECT * FROM unnest($2::text[], $3::text[]))`,
      [tenant, writes.deletes.map(key => key.kind), writes.deletes.map(key => key.name)])
  }

  if (writes.upserts.length > 0) {
    const rows = writes.upserts
    await client.query(
      `INSERT INTO resources
        (tenant, kind, name, version, body, updated_at, updated_by, managed_by, secrets)
        SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::text[],
          $7::text[], $8::text[], $9::text[])
        ON CONFLICT (tenant, kind, name) DO UPDATE SET version = excluded.version,
          body = excluded.body, updated_at = excluded.updated_at,
          updated_by = excluded.updated_by, managed_by = excluded.managed_by,
          secrets = excluded.secrets`,
      [tenant, rows.map(r => r.kind), rows.map(r => r.name), rows.map(r => r.version),
        rows.map(r => r.body), rows.map(r => r.updatedAt), rows.map(r => r.updatedBy),
        rows.map(r => r.managedBy), rows.map(r => r.secrets)])
  }

  const entries = writes.audit
  const last = entries.at(-1)
  if (last) {
    await client.query(
      `INSERT INTO audit (seq, time, actor, tenant, op, kind, name, before_digest,
        after_digest, change, git_commit, plan_id, author, changeset_id, prev_hash, hash)
        SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[],
          $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
          $12::text[], $13::text[], $14::text[], $15::text[], $16::text[])`,
      [entries.map(e => e.seq), entries.map(e => e.time), entries.map(e => e.actor),
        entries.map(e => e.tenant), entries.map(e => e.op), entries.map(e => e.kind),
        entries.map(e => e.name), entries.map(e => e.beforeDigest),
        entries.map(e => e.afterDigest), entries.map(e => e.change),
        entries.map(e => e.gitCommit), entries.map(e => e.planId), entries.map(e => e.author),
        entries.map(e => e.changesetId), entries.map(e => e.prevHash),
        entries.map(e => e.hash)])
    await client.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1',
      [last.seq, last.hash])
  }

  if (writes.lock && 'set' in writes.lock) {
    const lock = writes.lock.set
    await client.query(
      `UPDATE tenant_locks SET lock_id = $2, holder = $3, token_id = $4, acquired_at = $5,
        expires_at = $6 WHERE tenant = $1`,
      [tenant, lock.lockId, lock.holder, lock.tokenId, lock.acquiredAt, lock.expiresAt])
  }

  if (writes.lock && 'clear' in writes.lock) {
    await client.query(
      `UPDATE tenant_locks SET lock_id = NULL, holder = NULL, token_id = NULL,
        acquired_at = NULL, expires_at = NULL WHERE tenant = $1 AND lock_id = $2`,
      [tenant, writes.lock.clear])
  }

  const record = writes.idempotency
  if (record) {
    await client.query(
      `INSERT INTO idempotency (token_id, key, request_hash, status, body, headers, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [record.tokenId, record.key, record.requestHash, record.status, record.body,
        record.headers, record.createdAt])
  }
}
