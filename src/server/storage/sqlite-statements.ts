import type Database from 'better-sqlite3'

import {
  AUDIT_COLUMNS, IDEMPOTENCY_COLUMNS, LOCK_COLUMNS, SESSION_COLUMNS, TOKEN_COLUMNS,
} from './columns.js'
import type { ListedResource, StoredResource } from './storage.js'

/**
 * Resource rows are read as arrays (better-sqlite3's raw mode) and turned into records by
 * one object literal each: half the time of letting the driver set each property, which
 * counts for the bulk list (10,000 rows) and for the state of a changeset of updates.
 */
const LISTED = 'kind, name, version, body, updated_at, updated_by, managed_by'
const STORED = `${LISTED}, tenant, secrets`

type ListedRaw = [string, string, number, string, string, string | null, string | null]
type StoredRaw = [...ListedRaw, string, string | null]

export function listedFromRaw(raw: unknown[]): ListedResource {
  const [kind, name, version, body, updatedAt, updatedBy, managedBy] = raw as ListedRaw
  return { kind, name, version, body, updatedAt, updatedBy, managedBy }
}

export function storedFromRaw(raw: unknown[]): StoredResource {
  const [kind, name, version, body, updatedAt, updatedBy, managedBy, tenant, secrets]
    = raw as StoredRaw
  return { tenant, kind, name, version, body, updatedAt, updatedBy, managedBy, secrets }
}

/**
 * Every statement of the SQLite backend, prepared once per connection. The statements run
 * per row of a changeset bind positionally: named parameters cost a property lookup each.
 */
export function prepareStatements(db: Database.Database) {
  return {
    listAll: db.prepare(`SELECT ${LISTED} FROM resources
      WHERE tenant = ? AND (kind, name) > (?, ?) ORDER BY kind, name LIMIT ?`).raw(),
    listKind: db.prepare(`SELECT ${LISTED} FROM resources
      WHERE tenant = ? AND kind = ? AND name > ? ORDER BY kind, name LIMIT ?`).raw(),
    getResource: db.prepare(`SELECT ${STORED} FROM resources
      WHERE tenant = ? AND kind = ? AND name = ?`).raw(),
    insertResource: db.prepare(`INSERT INTO resources
      (tenant, kind, name, version, body, updated_at, updated_by, managed_by, secrets)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    updateResource: db.prepare(`UPDATE resources SET version = ?, body = ?, updated_at = ?,
      updated_by = ?, managed_by = ?, secrets = ? WHERE tenant = ? AND kind = ? AND name = ?`),
    deleteResource: db.prepare('DELETE FROM resources WHERE tenant = ? AND kind = ? AND name = ?'),
    insertAudit: db.prepare(`INSERT INTO audit (seq, time, actor, tenant, op, kind, name,
      before_digest, after_digest, change, git_commit, plan_id, author, changeset_id,
      prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    head: db.prepare('SELECT seq, hash, head_mac AS mac FROM audit_head WHERE id = 1'),
    setHead: db.prepare('UPDATE audit_head SET seq = ?, hash = ?, head_mac = ? WHERE id = 1'),
    binding: db.prepare('SELECT scheme, key_check AS "keyCheck" FROM audit_head WHERE id = 1'),
    claimBinding: db.prepare(
      'UPDATE audit_head SET key_check = ? WHERE id = 1 AND key_check IS NULL'),
    listAudit: db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audit WHERE tenant = @tenant
      AND seq > @afterSeq AND (@kind IS NULL OR kind = @kind)
      AND (@name IS NULL OR name = @name) AND (@since IS NULL OR time >= @since)
      ORDER BY seq LIMIT @limit`),
    readChain: db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audit WHERE seq > ?
      ORDER BY seq LIMIT ?`),
    scanResources: db.prepare(`SELECT tenant, kind, name, body FROM resources
      WHERE (tenant, kind, name) > (?, ?, ?) ORDER BY tenant, kind, name LIMIT ?`),
    getLock: db.prepare(`SELECT ${LOCK_COLUMNS} FROM tenant_locks WHERE tenant = ?`),
    setLock: db.prepare(`INSERT INTO tenant_locks
      (tenant, lock_id, holder, token_id, acquired_at, expires_at)
      VALUES (@tenant, @lockId, @holder, @tokenId, @acquiredAt, @expiresAt)
      ON CONFLICT (tenant) DO UPDATE SET lock_id = excluded.lock_id,
        holder = excluded.holder, token_id = excluded.token_id,
        acquired_at = excluded.acquired_at, expires_at = excluded.expires_at`),
    clearLock: db.prepare(`UPDATE tenant_locks SET lock_id = NULL, holder = NULL,
      token_id = NULL, acquired_at = NULL, expires_at = NULL
      WHERE tenant = ? AND lock_id = ?`),
    findIdempotency: db.prepare(`SELECT ${IDEMPOTENCY_COLUMNS} FROM idempotency
      WHERE token_id = ? AND key = ?`),
    insertIdempotency: db.prepare(`INSERT INTO idempotency
      (token_id, key, request_hash, status, body, headers, created_at)
      VALUES (@tokenId, @key, @requestHash, @status, @body, @headers, @createdAt)
      ON CONFLICT DO NOTHING`),
    purgeIdempotency: db.prepare('DELETE FROM idempotency WHERE created_at < ?'),
    insertToken: db.prepare(`INSERT INTO tokens (id, name, role, tenants, hash, created_at)
      VALUES (@id, @name, @role, @tenants, @hash, @createdAt)`),
    findToken: db.prepare(`SELECT ${TOKEN_COLUMNS} FROM tokens WHERE hash = ?`),
    getToken: db.prepare(`SELECT ${TOKEN_COLUMNS} FROM tokens WHERE id = ?`),
    upsertSession: db.prepare(`INSERT INTO sessions (token_id, last_seen, last_request, requests)
      VALUES (@tokenId, @lastSeen, @lastRequest, @requests)
      ON CONFLICT (token_id) DO UPDATE SET last_seen = excluded.last_seen,
        last_request = excluded.last_request,
        requests = sessions.requests + excluded.requests`),
    listSessions: db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE last_seen >= ?
      ORDER BY last_seen DESC`),
  }
}

export type SqliteStatements = ReturnType<typeof prepareStatements>
