/**
 * Column lists aliased to the record fields of storage.ts, so that rows come back in the
 * records' shape without a mapping step per row. (SQLite reads resource rows as arrays
 * instead, which is faster still there: sqlite-statements.ts.)
 */
export const RESOURCE_COLUMNS = `tenant, kind, name, version, body, updated_at AS "updatedAt",
  updated_by AS "updatedBy", managed_by AS "managedBy", secrets`

/** What the bulk list needs (PostgreSQL): no tenant (it asked for one), no sealed secrets. */
export const LIST_COLUMNS = `kind, name, version, body, updated_at AS "updatedAt",
  updated_by AS "updatedBy", managed_by AS "managedBy"`

export const AUDIT_COLUMNS = `seq, time, actor, tenant, op, kind, name,
  before_digest AS "beforeDigest", after_digest AS "afterDigest", change,
  git_commit AS "gitCommit", plan_id AS "planId", author, changeset_id AS "changesetId",
  prev_hash AS "prevHash", hash`

export const LOCK_COLUMNS = `lock_id AS "lockId", tenant, holder, token_id AS "tokenId",
  acquired_at AS "acquiredAt", expires_at AS "expiresAt"`

export const IDEMPOTENCY_COLUMNS = `token_id AS "tokenId", key, request_hash AS "requestHash",
  status, body, headers, created_at AS "createdAt"`

export const TOKEN_COLUMNS = 'id, name, role, tenants, hash, created_at AS "createdAt"'

export const SESSION_COLUMNS = `token_id AS "tokenId", last_seen AS "lastSeen",
  last_request AS "lastRequest", requests`

/** A token row keeps its tenants as JSON text. */
export interface TokenRow {
  id: string
  name: string
  role: string
  tenants: string
  hash: string
  createdAt: string
}
