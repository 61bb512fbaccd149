import type { AuditChain } from './audit-chain.js'
import type { TokenResolver } from './auth.js'
import type { Metrics } from './metrics.js'
import type { SecretBox } from './secret-box.js'
import type { SessionTracker } from './sessions.js'
import type { Storage } from './storage/storage.js'

/** What every route works with; built once per server in app.ts. */
export interface Services {
  storage: Storage
  box: SecretBox
  /** Keyed with the same server key as `box`, under a label of its own. */
  chain: AuditChain
  tokens: TokenResolver
  sessions: SessionTracker
  metrics: Metrics
  /** The omsctl version this server runs, shown by /health. */
  version: string
  startedAt: number
  /** Set when shutdown begins: responses then close their connection. */
  closing: boolean
}
