/**
 * The one storage interface of the reference server. SQLite and PostgreSQL implement it;
 * everything above it (versions, audit chain, secrets, locks, idempotency) is shared code.
 *
 * Writes go through `write(scope, decide)`: the backend reads, inside one transaction and
 * with the rows locked, exactly the state named by the scope, hands it to `decide` (a
 * synchronous, pure function of that state) and commits what it returns. Keeping the
 * decision synchronous is what lets SQLite run the whole transaction without yielding, and
 * lets PostgreSQL hold row locks only for the time of a few statements.
 */
export type Backend = 'sqlite' | 'postgres'

export interface ResourceKey {
  kind: string
  name: string
}

/** A resource as stored: `body` is canonical JSON of apiVersion, kind, metadata and spec. */
export interface StoredResource {
  tenant: string
  kind: string
  name: string
  version: number
  /** Secrets appear in it as `{secretRef, fingerprint}`. */
  body: string
  updatedAt: string
  updatedBy: string | null
  managedBy: string | null
  /** Encrypted secret values by JSON pointer, as JSON text; null when there are none. */
  secrets: string | null
}

export interface LockRecord {
  lockId: string
  tenant: string
  holder: string
  tokenId: string
  acquiredAt: string
  expiresAt: string
}

export interface IdempotencyRecord {
  tokenId: string
  key: string
  /** sha256 of method, path and body: a retry must match it. */
  requestHash: string
  status: number
  /** The first response's body, as sent (JSON text, or empty for 204). */
  body: string
  /** The first response's headers that a retry must see again, as JSON text. */
  headers: string
  createdAt: string
}

export interface AuditRecord {
  seq: number
  time: string
  actor: string
  tenant: string
  op: string
  kind: string
  name: string
  beforeDigest: string | null
  afterDigest: string | null
  /** Changed field paths, as JSON text of a string array. */
  change: string
  gitCommit: string | null
  planId: string | null
  author: string | null
  changesetId: string | null
  prevHash: string
  hash: string
}

export interface ChainHead {
  seq: number
  hash: string
}

export interface TokenRecord {
  id: string
  name: string
  role: string
  /** Tenant names, or `['*']` for all. */
  tenants: string[]
  /** sha256 hex of the token; the token itself is never stored. */
  hash: string
  createdAt: string
}

export interface SessionRecord {
  tokenId: string
  lastSeen: string
  lastRequest: string
  requests: number
}

/** What a write transaction reads (and locks) before deciding. */
export interface WriteScope {
  tenant: string
  keys: readonly ResourceKey[]
  /** True when the decision may append audit entries: serialises on the chain head. */
  chain: boolean
  idempotency?: { tokenId: string, key: string }
}

export interface WriteState {
  /** Current rows of the scope's keys that exist, by `kind/name`. */
  rows: Map<string, StoredResource>
  /** The tenant's lock row as stored; it may have expired. */
  lock: LockRecord | null
  head: ChainHead
  replay: IdempotencyRecord | null
}

export interface WriteSet {
  upserts: StoredResource[]
  deletes: ResourceKey[]
  audit: AuditRecord[]
  lock?: { set: LockRecord } | { clear: string }
  idempotency?: IdempotencyRecord
}

/** `commit: null` ends the transaction without writing (a refusal or a replay). */
export interface Decision<T> {
  commit: WriteSet | null
  result: T
}

export interface ResourcePageQuery {
  kind?: string
  /** Exclusive lower bound in (kind, name) order: the last item of the previous page. */
  after?: ResourceKey
  limit: number
}

export interface AuditQuery {
  tenant: string
  kind?: string
  name?: string
  /** ISO time; entries at or after it. */
  since?: string
  afterSeq: number
  limit: number
}

export interface Storage {
  readonly backend: Backend
  /** Creates or upgrades the schema; safe when several servers start at once. */
  migrate(): Promise<void>
  ping(): Promise<void>
  close(): Promise<void>
  write<T>(scope: WriteScope, decide: (state: WriteState) => Decision<T>): Promise<T>
  listResources(tenant: string, query: ResourcePageQuery): Promise<StoredResource[]>
  getResource(tenant: string, key: ResourceKey): Promise<StoredResource | undefined>
  getLock(tenant: string): Promise<LockRecord | undefined>
  listAudit(query: AuditQuery): Promise<AuditRecord[]>
  /** The whole chain in seq order, across tenants, for verification. */
  readChain(afterSeq: number, limit: number): Promise<AuditRecord[]>
  chainHead(): Promise<ChainHead>
  createToken(token: TokenRecord): Promise<void>
  findToken(hash: string): Promise<TokenRecord | undefined>
  listTokens(ids: readonly string[]): Promise<TokenRecord[]>
  recordSessions(sessions: readonly SessionRecord[]): Promise<void>
  listSessions(since: string): Promise<SessionRecord[]>
  /** Drops idempotency records created before the time; returns how many. */
  purgeIdempotency(before: string): Promise<number>
}

/** The map key of a resource inside one tenant. */
export function keyOf(key: ResourceKey): string {
  return `${key.kind}/${key.name}`
}

/** Hash that starts the chain: the first entry's prevHash. */
export const GENESIS_HASH = '0'.repeat(64)
