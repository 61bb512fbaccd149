import { mkdirSync } from 'node:fs'
import path from 'node:path'

import Database from 'better-sqlite3'

import {
  AUDIT_COLUMNS, IDEMPOTENCY_COLUMNS, LOCK_COLUMNS, RESOURCE_COLUMNS, SESSION_COLUMNS,
  TOKEN_COLUMNS, type TokenRow,
} from './columns.js'
import { SCHEMA_VERSIONS_TABLE, pending } from './migrations.js'
import {
  type AuditQuery, type AuditRecord, type ChainHead, type Decision, type IdempotencyRecord,
  type LockRecord, type ResourceKey, type ResourcePageQuery, type SessionRecord, type Storage,
  type StoredResource, type TokenRecord, type WriteScope, type WriteSet, type WriteState, keyOf,
} from './storage.js'

/**
 * How hard a commit waits for the disk. In WAL mode NORMAL already keeps every committed
 * change when the process dies (kill -9: the WAL is in the OS page cache) and keeps the
 * file consistent on a power cut, which may undo the last commits. FULL also survives a
 * power cut, at one fsync per commit: 4.3 ms on this machine's disk, a ceiling of ~230
 * writes per second. NORMAL is the default for the embedded server (laptop, demo, CI);
 * `--sqlite-synchronous full` is there for a deployment that runs on SQLite.
 */
export type SqliteSynchronous = 'normal' | 'full'

/** The embedded default. WAL lets readers run beside the one writer. */
export class SqliteStorage implements Storage {
  readonly backend = 'sqlite'
  private readonly db: Database.Database
  private readonly statements: ReturnType<typeof prepare>

  constructor(file: string, synchronous: SqliteSynchronous = 'normal') {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
    this.db.pragma('busy_timeout = 5000')
    this.db.pragma('foreign_keys = ON')
    this.migrateNow()
    this.statements = prepare(this.db)
  }

  migrate(): Promise<void> {
    return Promise.resolve()
  }

  ping(): Promise<void> {
    this.db.prepare('SELECT 1').get()
    return Promise.resolve()
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close()
    return Promise.resolve()
  }

  write<T>(scope: WriteScope, decide: (state: WriteState) => Decision<T>): Promise<T> {
    const run = this.db.transaction(() => {
      const state = this.readState(scope)
      const decision = decide(state)
      if (decision.commit) this.apply(scope.tenant, decision.commit)
      return decision.result
    })
    return Promise.resolve(run.immediate())
  }

  listResources(tenant: string, query: ResourcePageQuery): Promise<StoredResource[]> {
    const afterKind = query.after?.kind ?? ''
    const afterName = query.after?.name ?? ''
    const rows = query.kind === undefined
      ? this.statements.listAll.all(tenant, afterKind, afterName, query.limit)
      : this.statements.listKind.all(tenant, query.kind, afterName, query.limit)
    return Promise.resolve(rows as StoredResource[])
  }

  getResource(tenant: string, key: ResourceKey): Promise<StoredResource | undefined> {
    const row = this.statements.getResource.get(tenant, key.kind, key.name)
    return Promise.resolve(row as StoredResource | undefined)
  }

  getLock(tenant: string): Promise<LockRecord | undefined> {
    const row = this.statements.getLock.get(tenant) as LockRecord | undefined
    return Promise.resolve(row?.lockId ? row : undefined)
  }

  listAudit(query: AuditQuery): Promise<AuditRecord[]> {
    const rows = this.statements.listAudit.all({
      tenant: query.tenant,
      kind: query.kind ?? null,
      name: query.name ?? null,
      since: query.since ?? null,
      afterSeq: query.afterSeq,
      limit: query.limit,
    })
    return Promise.resolve(rows as AuditRecord[])
  }

  readChain(afterSeq: number, limit: number): Promise<AuditRecord[]> {
    return Promise.resolve(this.statements.readChain.all(afterSeq, limit) as AuditRecord[])
  }

  chainHead(): Promise<ChainHead> {
    return Promise.resolve(this.statements.head.get() as ChainHead)
  }

  createToken(token: TokenRecord): Promise<void> {
    this.statements.insertToken.run({ ...token, tenants: JSON.stringify(token.tenants) })
    return Promise.resolve()
  }

  findToken(hash: string): Promise<TokenRecord | undefined> {
    const row = this.statements.findToken.get(hash) as TokenRow | undefined
    return Promise.resolve(row ? tokenFromRow(row) : undefined)
  }

  listTokens(ids: readonly string[]): Promise<TokenRecord[]> {
    const rows = ids.map(id => this.statements.getToken.get(id) as TokenRow | undefined)
    return Promise.resolve(rows.filter(row => row !== undefined).map(tokenFromRow))
  }

  recordSessions(sessions: readonly SessionRecord[]): Promise<void> {
    const upsert = this.db.transaction((items: readonly SessionRecord[]) => {
      for (const session of items) this.statements.upsertSession.run(session)
    })
    upsert(sessions)
    return Promise.resolve()
  }

  listSessions(since: string): Promise<SessionRecord[]> {
    return Promise.resolve(this.statements.listSessions.all(since) as SessionRecord[])
  }

  purgeIdempotency(before: string): Promise<number> {
    return Promise.resolve(this.statements.purgeIdempotency.run(before).changes)
  }

  private migrateNow(): void {
    this.db.exec(SCHEMA_VERSIONS_TABLE)
    const migrate = this.db.transaction(() => {
      const rows = this.db.prepare('SELECT version FROM schema_versions').all() as
        { version: number }[]
      for (const migration of pending(new Set(rows.map(row => row.version)))) {
        for (const statement of migration.statements('sqlite')) this.db.exec(statement)
        this.db.prepare('INSERT INTO schema_versions VALUES (?, ?, ?)')
          .run(migration.version, migration.description, new Date().toISOString())
      }
    })
    migrate.immediate()
  }

  private readState(scope: WriteScope): WriteState {
    const rows = new Map<string, StoredResource>()
    for (const key of scope.keys) {
      const row = this.statements.getResource.get(scope.tenant, key.kind, key.name)
      if (row) rows.set(keyOf(key), row as StoredResource)
    }

    const lock = (this.statements.getLock.get(scope.tenant) as LockRecord | undefined) ?? null
    const replay = scope.idempotency
      ? this.statements.findIdempotency.get(scope.idempotency.tokenId, scope.idempotency.key)
      : undefined
    return {
      rows,
      lock: lock?.lockId ? lock : null,
      head: this.statements.head.get() as ChainHead,
      replay: (replay as IdempotencyRecord | undefined) ?? null,
    }
  }

  private apply(tenant: string, writes: WriteSet): void {
    const s = this.statements
    for (const r of writes.upserts) {
      s.upsertResource.run(r.tenant, r.kind, r.name, r.version, r.body, r.updatedAt,
        r.updatedBy, r.managedBy, r.secrets)
    }

    for (const key of writes.deletes) s.deleteResource.run(tenant, key.kind, key.name)
    for (const e of writes.audit) {
      s.insertAudit.run(e.seq, e.time, e.actor, e.tenant, e.op, e.kind, e.name, e.beforeDigest,
        e.afterDigest, e.change, e.gitCommit, e.planId, e.author, e.changesetId, e.prevHash, e.hash)
    }

    const last = writes.audit.at(-1)
    if (last) s.setHead.run(last.seq, last.hash)

    if (writes.lock && 'set' in writes.lock) s.setLock.run(writes.lock.set)
    if (writes.lock && 'clear' in writes.lock) s.clearLock.run(tenant, writes.lock.clear)
    if (writes.idempotency) s.insertIdempotency.run(writes.idempotency)
  }
}

function tokenFromRow(row: TokenRow): TokenRecord {
  return { ...row, tenants: JSON.parse(row.tenants) as string[] }
}

function prepare(db: Database.Database) {
  return {
    listAll: db.prepare(`SELECT ${RESOURCE_COLUMNS} FROM resources
      WHERE tenant = ? AND (kind, name) > (?, ?) ORDER BY kind, name LIMIT ?`),
    listKind: db.prepare(`SELECT ${RESOURCE_COLUMNS} FROM resources
      WHERE tenant = ? AND kind = ? AND name > ? ORDER BY kind, name LIMIT ?`),
    getResource: db.prepare(`SELECT ${RESOURCE_COLUMNS} FROM resources
      WHERE tenant = ? AND kind = ? AND name = ?`),
    upsertResource: db.prepare(`INSERT INTO resources
      (tenant, kind, name, version, body, updated_at, updated_by, managed_by, secrets)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (tenant, kind, name) DO UPDATE SET version = excluded.version,
        body = excluded.body, updated_at = excluded.updated_at,
        updated_by = excluded.updated_by, managed_by = excluded.managed_by,
        secrets = excluded.secrets`),
    deleteResource: db.prepare('DELETE FROM resources WHERE tenant = ? AND kind = ? AND name = ?'),
    insertAudit: db.prepare(`INSERT INTO audit (seq, time, actor, tenant, op, kind, name,
      before_digest, after_digest, change, git_commit, plan_id, author, changeset_id,
      prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    head: db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1'),
    setHead: db.prepare('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1'),
    listAudit: db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audit WHERE tenant = @tenant
      AND seq > @afterSeq AND (@kind IS NULL OR kind = @kind)
      AND (@name IS NULL OR name = @name) AND (@since IS NULL OR time >= @since)
      ORDER BY seq LIMIT @limit`),
    readChain: db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audit WHERE seq > ?
      ORDER BY seq LIMIT ?`),
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
