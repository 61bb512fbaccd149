/**
 * The one storage interface of the reference server. SQLite and PostgreSQL implement it;
 * everything above it (versions, audit chain, secrets, locks, idempotency) is shared code.
 *
 * Writes go through `write(scope, decide)`: the backend reads, inside one transaction and
 * with the rows locked, exactly the state named by the scope, hands it to `decide` (a
 * synchronous, pure function of that state) and commits what it returns. Keeping the
 * decision synchronous is what lets SQLite run the whole transaction without yielding, and
 * lets PostgreSQL hold row locks only for the time of a few statements.
 *
 * The audit entries a decision returns are sealed (numbered and hashed onto the chain) by
 * the backend only after it has locked the chain head, as the last step before the writes:
 * the one lock every writer of every tenant shares is held for as short a time as possible.
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

/** A row of the bulk list: what a live resource shows, and the key for the next cursor. */
export type ListedResource = Pick<StoredResource,
  'kind' | 'name' | 'version' | 'body' | 'updatedAt' | 'updatedBy' | 'managedBy'>

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
  /** HMAC of seq and hash under the chain key (audit-chain.ts); null on the empty chain. */
  mac: string | null
}

/** How the chain of a database is hashed, and which key it was written with. */
export interface ChainBinding {
  /** `hmac-sha256` for a keyed chain; `sha256` for a chain of an earlier version. */
  scheme: string
  /** A value only the key can compute (see audit-chain.ts); null until a server claims it. */
  keyCheck: string | null
}

/** Numbers and hashes audit entries after the head, in place; returns the new head. */
export type ChainSealer = (head: ChainHead, entries: AuditRecord[]) => ChainHead

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
  /** Seals the decision's audit entries under the chain head lock; needed when it has any. */
  seal?: ChainSealer
  /**
   * True for writes of the tenant's lock (acquire, release): they exclude the tenant's
   * other writes, which read the lock, until they commit.
   */
  changesLock?: boolean
  idempotency?: { tokenId: string, key: string }
}

export interface WriteState {
  /** Current rows of the scope's keys that exist, by `kind/name`. */
  rows: Map<string, StoredResource>
  /** The tenant's lock row as stored; it may have expired. */
  lock: LockRecord | null
  replay: IdempotencyRecord | null
}

export interface WriteSet {
  /** New rows: none of them exists (a concurrent create of one makes the backend retry). */
  creates: StoredResource[]
  /** Replacements of rows read (and locked) in the state. */
  updates: StoredResource[]
  deletes: ResourceKey[]
  /** Unsealed: `seq`, `prevHash` and `hash` are set by the scope's sealer. */
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

/** Where a scan of every tenant's resources goes on from. */
export interface ScanKey {
  tenant: string
  kind: string
  name: string
}

export type ScannedResource = ScanKey & Pick<StoredResource, 'body'>

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
  listResources(tenant: string, query: ResourcePageQuery): Promise<ListedResource[]>
  getResource(tenant: string, key: ResourceKey): Promise<StoredResource | undefined>
  getLock(tenant: string): Promise<LockRecord | undefined>
  listAudit(query: AuditQuery): Promise<AuditRecord[]>
  /** The whole chain in seq order, across tenants, for verification. */
  readChain(afterSeq: number, limit: number): Promise<AuditRecord[]>
  /** Every tenant's resources in (tenant, kind, name) order, for verification. */
  scanResources(after: ScanKey | undefined, limit: number): Promise<ScannedResource[]>
  chainHead(): Promise<ChainHead>
  /**
   * The chain's scheme and key check. With `claim`, records it as the key check first when
   * none is recorded yet: the first server to start on a database binds its chain to its key.
   */
  chainBinding(claim?: string): Promise<ChainBinding>
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
