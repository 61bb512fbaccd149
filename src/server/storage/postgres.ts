import pg from 'pg'

import {
  AUDIT_COLUMNS, LIST_COLUMNS, LOCK_COLUMNS, RESOURCE_COLUMNS, SESSION_COLUMNS, TOKEN_COLUMNS,
  type TokenRow,
} from './columns.js'
import { SCHEMA_VERSIONS_TABLE, pending } from './migrations.js'
import { writeTransaction } from './postgres-writes.js'
import {
  type AuditQuery, type AuditRecord, type ChainBinding, type ChainHead, type Decision,
  type ListedResource, type LockRecord, type ResourceKey, type ResourcePageQuery, type ScanKey,
  type ScannedResource, type SessionRecord, type Storage, type StoredResource, type TokenRecord,
  type WriteScope, type WriteState,
} from './storage.js'

/** Any fixed number: the advisory lock that lets one of several starting servers migrate. */
const MIGRATION_LOCK = 7_312_004

/** BIGINT columns (audit seq) come back as numbers; they stay far below 2^53. */
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value))

/**
 * PostgreSQL, for several server instances on one database. Writes lock what they read
 * (postgres-writes.ts), so the version checks, the apply lock, idempotency and the audit
 * chain hold across instances.
 */
export class PostgresStorage implements Storage {
  readonly backend = 'postgres'
  private readonly pool: pg.Pool

  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 10 })
    this.pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it on the next query.
    })
  }

  async migrate(): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
      await client.query(SCHEMA_VERSIONS_TABLE)
      const { rows } = await client.query<{ version: number }>(
        'SELECT version FROM schema_versions')
      for (const migration of pending(new Set(rows.map(row => row.version)))) {
        for (const statement of migration.statements('postgres')) await client.query(statement)
        await client.query('INSERT INTO schema_versions VALUES ($1, $2, $3)',
          [migration.version, migration.description, new Date().toISOString()])
      }
    })
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1')
  }

  async close(): Promise<void> {
    await this.pool.end()
  }

  write<T>(scope: WriteScope, decide: (state: WriteState) => Decision<T>): Promise<T> {
    return writeTransaction(this.pool, scope, decide)
  }

  async listResources(tenant: string, query: ResourcePageQuery): Promise<ListedResource[]> {
    const { rows } = query.kind === undefined
      ? await this.pool.query<ListedResource>({
          name: 'list-all',
          text: `SELECT ${LIST_COLUMNS} FROM resources WHERE tenant = $1
          AND (kind, name) > ($2, $3) ORDER BY kind, name LIMIT $4`,
          values: [tenant, query.after?.kind ?? '', query.after?.name ?? '', query.limit],
        })
      : await this.pool.query<ListedResource>({
          name: 'list-kind',
          text: `SELECT ${LIST_COLUMNS} FROM resources WHERE tenant = $1 AND kind = $2
          AND name > $3 ORDER BY kind, name LIMIT $4`,
          values: [tenant, query.kind, query.after?.name ?? '', query.limit],
        })
    return rows
  }

  async getResource(tenant: string, key: ResourceKey): Promise<StoredResource | undefined> {
    const { rows } = await this.pool.query<StoredResource>({
      name: 'get-resource',
      text: `SELECT ${RESOURCE_COLUMNS} FROM resources
        WHERE tenant = $1 AND kind = $2 AND name = $3`,
      values: [tenant, key.kind, key.name],
    })
    return rows[0]
  }

  async getLock(tenant: string): Promise<LockRecord | undefined> {
    const { rows } = await this.pool.query<LockRecord>(
      `SELECT ${LOCK_COLUMNS} FROM tenant_locks WHERE tenant = $1 AND lock_id IS NOT NULL`,
      [tenant])
    return rows[0]
  }

  async listAudit(query: AuditQuery): Promise<AuditRecord[]> {
    const { rows } = await this.pool.query<AuditRecord>(
      `SELECT ${AUDIT_COLUMNS} FROM audit WHERE tenant = $1 AND seq > $2
        AND ($3::text IS NULL OR kind = $3) AND ($4::text IS NULL OR name = $4)
        AND ($5::text IS NULL OR time >= $5) ORDER BY seq LIMIT $6`,
      [query.tenant, query.afterSeq, query.kind ?? null, query.name ?? null,
        query.since ?? null, query.limit])
    return rows
  }

  async readChain(afterSeq: number, limit: number): Promise<AuditRecord[]> {
    const { rows } = await this.pool.query<AuditRecord>(
      `SELECT ${AUDIT_COLUMNS} FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [afterSeq, limit])
    return rows
  }

  async scanResources(after: ScanKey | undefined, limit: number): Promise<ScannedResource[]> {
    const { rows } = await this.pool.query<ScannedResource>(
      `SELECT tenant, kind, name, body FROM resources WHERE (tenant, kind, name) > ($1, $2, $3)
        ORDER BY tenant, kind, name LIMIT $4`,
      [after?.tenant ?? '', after?.kind ?? '', after?.name ?? '', limit])
    return rows
  }

  async chainHead(): Promise<ChainHead> {
    const { rows } = await this.pool.query<ChainHead>(
      'SELECT seq, hash, head_mac AS mac FROM audit_head WHERE id = 1')
    return rows[0] as ChainHead
  }

  async chainBinding(claim?: string): Promise<ChainBinding> {
    if (claim !== undefined) {
      await this.pool.query(
        'UPDATE audit_head SET key_check = $1 WHERE id = 1 AND key_check IS NULL', [claim])
    }

    const { rows } = await this.pool.query<ChainBinding>(
      'SELECT scheme, key_check AS "keyCheck" FROM audit_head WHERE id = 1')
    return rows[0] as ChainBinding
  }

  async createToken(token: TokenRecord): Promise<void> {
    await this.pool.query(
      'INSERT INTO tokens (id, name, role, tenants, hash, created_at) VALUES ($1,$2,$3,$4,$5,$6)',
      [token.id, token.name, token.role, JSON.stringify(token.tenants), token.hash,
        token.createdAt])
  }

  async findToken(hash: string): Promise<TokenRecord | undefined> {
    const { rows } = await this.pool.query<TokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM tokens WHERE hash = $1`, [hash])
    return rows[0] ? tokenFromRow(rows[0]) : undefined
  }

  async listTokens(ids: readonly string[]): Promise<TokenRecord[]> {
    const { rows } = await this.pool.query<TokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM tokens WHERE id = ANY($1::text[])`, [ids])
    return rows.map(tokenFromRow)
  }

  async recordSessions(sessions: readonly SessionRecord[]): Promise<void> {
    if (sessions.length === 0) return

    await this.pool.query(
      `INSERT INTO sessions (token_id, last_seen, last_request, requests)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
        ON CONFLICT (token_id) DO UPDATE SET last_seen = excluded.last_seen,
          last_request = excluded.last_request,
          requests = sessions.requests + excluded.requests`,
      [sessions.map(s => s.tokenId), sessions.map(s => s.lastSeen),
        sessions.map(s => s.lastRequest), sessions.map(s => s.requests)])
  }

  async listSessions(since: string): Promise<SessionRecord[]> {
    const { rows } = await this.pool.query<SessionRecord>(
      `SELECT ${SESSION_COLUMNS} FROM sessions WHERE last_seen >= $1 ORDER BY last_seen DESC`,
      [since])
    return rows
  }

  async purgeIdempotency(before: string): Promise<number> {
    const result = await this.pool.query('DELETE FROM idempotency WHERE created_at < $1',
      [before])
    return result.rowCount ?? 0
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }
}

function tokenFromRow(row: TokenRow): TokenRecord {
  return { ...row, tenants: JSON.parse(row.tenants) as string[] }
}
