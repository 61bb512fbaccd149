import { GENESIS_HASH } from './storage.js'

/**
 * Schema versions, shared by both backends: one list, applied in order, each recorded in
 * `schema_versions`. Text columns in PostgreSQL use the "C" collation so that both backends
 * order resources by kind and name byte for byte alike (cursors depend on it).
 */
export interface Migration {
  version: number
  description: string
  statements(dialect: Dialect): string[]
}

export type Dialect = 'sqlite' | 'postgres'

function text(dialect: Dialect): string {
  return dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT'
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'resources, audit chain, locks, idempotency, tokens, sessions',
    statements: (dialect) => {
      const t = text(dialect)
      const big = dialect === 'postgres' ? 'BIGINT' : 'INTEGER'
      return [
        `CREATE TABLE resources (
          tenant ${t} NOT NULL, kind ${t} NOT NULL, name ${t} NOT NULL,
          version INTEGER NOT NULL, body TEXT NOT NULL, updated_at TEXT NOT NULL,
          updated_by TEXT, managed_by TEXT, secrets TEXT,
          PRIMARY KEY (tenant, kind, name))`,
        `CREATE TABLE audit (
          seq ${big} PRIMARY KEY, time TEXT NOT NULL, actor TEXT NOT NULL,
          tenant ${t} NOT NULL, op TEXT NOT NULL, kind ${t} NOT NULL, name ${t} NOT NULL,
          before_digest TEXT, after_digest TEXT, change TEXT NOT NULL,
          git_commit TEXT, plan_id TEXT, author TEXT, changeset_id TEXT,
          prev_hash TEXT NOT NULL, hash TEXT NOT NULL)`,
        'CREATE INDEX audit_by_tenant ON audit (tenant, seq)',
        'CREATE INDEX audit_by_resource ON audit (tenant, kind, name, seq)',
        `CREATE TABLE audit_head (
          id INTEGER PRIMARY KEY CHECK (id = 1), seq ${big} NOT NULL, hash TEXT NOT NULL)`,
        `INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${GENESIS_HASH}')`,
        `CREATE TABLE tenant_locks (
          tenant ${t} PRIMARY KEY, lock_id TEXT, holder TEXT, token_id TEXT,
          acquired_at TEXT, expires_at TEXT)`,
        `CREATE TABLE idempotency (
          token_id TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
          status INTEGER NOT NULL, body TEXT NOT NULL, headers TEXT NOT NULL,
          created_at TEXT NOT NULL, PRIMARY KEY (token_id, key))`,
        'CREATE INDEX idempotency_by_age ON idempotency (created_at)',
        `CREATE TABLE tokens (
          id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, tenants TEXT NOT NULL,
          hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)`,
        `CREATE TABLE sessions (
          token_id TEXT PRIMARY KEY, last_seen TEXT NOT NULL, last_request TEXT NOT NULL,
          requests ${big} NOT NULL)`,
      ]
    },
  },
  {
    // A database of an earlier version keeps `sha256`: its chain is refused with a clear
    // message (audit-chain.ts) rather than re-hashed, which would vouch for entries nobody
    // could check. omsctl is pre-release; an empty chain simply becomes keyed.
    version: 2,
    description: 'audit chain keyed with the server key (HMAC-SHA256)',
    statements: () => [
      'ALTER TABLE audit_head ADD COLUMN scheme TEXT NOT NULL DEFAULT \'sha256\'',
      'ALTER TABLE audit_head ADD COLUMN key_check TEXT',
      'UPDATE audit_head SET scheme = \'hmac-sha256\' WHERE seq = 0',
    ],
  },
  {
    // The head gets a MAC, so that removing the newest entries and pointing the head at the
    // entry before them is caught. An earlier chain with entries keeps `hmac-sha256` and is
    // refused (audit-chain.ts): signing its head now would vouch for whatever end it has.
    version: 3,
    description: 'audit chain head keyed with the server key',
    statements: () => [
      'ALTER TABLE audit_head ADD COLUMN head_mac TEXT',
      'UPDATE audit_head SET scheme = \'hmac-sha256+head\' WHERE seq = 0',
    ],
  },
]

export const SCHEMA_VERSIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_versions (
  version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)`

/** Migrations not yet applied, in order. */
export function pending(applied: ReadonlySet<number>): Migration[] {
  return migrations.filter(migration => !applied.has(migration.version))
}
