import { mkdirSync } from 'node:fs'
import path from 'node:path'

import Database from 'better-sqlite3'

import type { TokenRow } from './columns.js'
import { SCHEMA_VERSIONS_TABLE, pending } from './migrations.js'
import { BackgroundCheckpointer, INLINE_CHECKPOINT_PAGES } from './sqlite-checkpointer.js'
import {
  type SqliteStatements, listedFromRaw, prepareStatements, storedFromRaw,
} from './sqlite-statements.js'
import {
  type AuditQuery, type AuditRecord, type ChainBinding, type ChainHead, type Decision,
  type IdempotencyRecord, type ListedResource, type LockRecord, type ResourceKey,
  type ResourcePageQuery, type ScanKey, type ScannedResource, type SessionRecord, type Storage,
  type StoredResource,
  type TokenRecord, type WriteScope, type WriteSet, type WriteState, keyOf,
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

export interface SqliteOptions {
  synchronous?: SqliteSynchronous
  /** Checkpoint on a worker thread (sqlite-checkpointer.ts): for the server, not the CLI. */
  backgroundCheckpoints?: boolean
}

/** The embedded default. WAL lets readers run beside the one writer. */
export class SqliteStorage implements Storage {
  readonly backend = 'sqlite'
  private readonly db: Database.Database
  private readonly statements: SqliteStatements
  private readonly checkpointer: BackgroundCheckpointer | undefined

  constructor(file: string, options: SqliteOptions = {}) {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
    const synchronous = options.synchronous === 'full' ? 'FULL' : 'NORMAL'
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma(`synchronous = ${synchronous}`)
    this.db.pragma('busy_timeout = 5000')
    this.db.pragma('foreign_keys = ON')
    this.migrateNow()
    this.statements = prepareStatements(this.db)

    if (options.backgroundCheckpoints === true && file !== ':memory:') {
      this.db.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_PAGES}`)
      this.checkpointer = new BackgroundCheckpointer(file, synchronous, () => {
        // The thread failed to start or died: commits checkpoint by themselves again.
        if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000')
      })
    }
  }

  migrate(): Promise<void> {
    return Promise.resolve()
  }

  ping(): Promise<void> {
    this.db.prepare('SELECT 1').get()
    return Promise.resolve()
  }

  async close(): Promise<void> {
    await this.checkpointer?.stop()
    if (this.db.open) this.db.close()
  }

  write<T>(scope: WriteScope, decide: (state: WriteState) => Decision<T>): Promise<T> {
    const run = this.db.transaction(() => {
      const decision = decide(this.readState(scope))
      if (decision.commit) this.apply(scope, decision.commit)
      return decision.result
    })
    return Promise.resolve(run.immediate())
  }

  listResources(tenant: string, query: ResourcePageQuery): Promise<ListedResource[]> {
    const afterKind = query.after?.kind ?? ''
    const afterName = query.after?.name ?? ''
    const rows = query.kind === undefined
      ? this.statements.listAll.all(tenant, afterKind, afterName, query.limit)
      : this.statements.listKind.all(tenant, query.kind, afterName, query.limit)
    return Promise.resolve((rows as unknown[][]).map(listedFromRaw))
  }

  getResource(tenant: string, key: ResourceKey): Promise<StoredResource | undefined> {
    const raw = this.statements.getResource.get(tenant, key.kind, key.name)
    return Promise.resolve(raw === undefined ? undefined : storedFromRaw(raw as unknown[]))
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

  scanResources(after: ScanKey | undefined, limit: number): Promise<ScannedResource[]> {
    const rows = this.statements.scanResources.all(after?.tenant ?? '', after?.kind ?? '',
      after?.name ?? '', limit)
    return Promise.resolve(rows as ScannedResource[])
  }

  chainHead(): Promise<ChainHead> {
    return Promise.resolve(this.statements.head.get() as ChainHead)
  }

  chainBinding(claim?: string): Promise<ChainBinding> {
    if (claim !== undefined) this.statements.claimBinding.run(claim)
    return Promise.resolve(this.statements.binding.get() as ChainBinding)
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
    const { getResource, getLock, findIdempotency } = this.statements
    const rows = new Map<string, StoredResource>()
    for (const key of scope.keys) {
      const raw = getResource.get(scope.tenant, key.kind, key.name) as unknown[] | undefined
      if (raw) rows.set(keyOf(key), storedFromRaw(raw))
    }

    const lock = getLock.get(scope.tenant) as LockRecord | undefined
    const replay = scope.idempotency
      ? findIdempotency.get(scope.idempotency.tokenId, scope.idempotency.key)
      : undefined
    return {
      rows,
      lock: lock?.lockId ? lock : null,
      replay: (replay as IdempotencyRecord | undefined) ?? null,
    }
  }

  private apply(scope: WriteScope, writes: WriteSet): void {
    const s = this.statements
    const { tenant } = scope
    for (const r of writes.creates) {
      s.insertResource.run(tenant, r.kind, r.name, r.version, r.body, r.updatedAt, r.updatedBy,
        r.managedBy, r.secrets)
    }

    for (const r of writes.updates) {
      s.updateResource.run(r.version, r.body, r.updatedAt, r.updatedBy, r.managedBy, r.secrets,
        tenant, r.kind, r.name)
    }

    for (const key of writes.deletes) s.deleteResource.run(tenant, key.kind, key.name)
    if (writes.audit.length > 0) this.appendAudit(scope, writes.audit)

    if (writes.lock && 'set' in writes.lock) s.setLock.run(writes.lock.set)
    if (writes.lock && 'clear' in writes.lock) s.clearLock.run(tenant, writes.lock.clear)
    if (writes.idempotency) s.insertIdempotency.run(writes.idempotency)
  }

  private appendAudit(scope: WriteScope, entries: AuditRecord[]): void {
    if (!scope.seal) throw new Error('audit entries to write without a chain to seal them')

    const s = this.statements
    const head = scope.seal(s.head.get() as ChainHead, entries)
    for (const e of entries) {
      s.insertAudit.run(e.seq, e.time, e.actor, e.tenant, e.op, e.kind, e.name, e.beforeDigest,
        e.afterDigest, e.change, e.gitCommit, e.planId, e.author, e.changesetId, e.prevHash, e.hash)
    }

    s.setHead.run(head.seq, head.hash, head.mac)
  }
}

function tokenFromRow(row: TokenRow): TokenRecord {
  return { ...row, tenants: JSON.parse(row.tenants) as string[] }
}
