import type { SessionRecord, Storage } from './storage/storage.js'

/** A token counts as an active session for this long after its last request. */
export const ACTIVE_MINUTES = 15

/**
 * Remembers which tokens made requests, and writes that to the database every few
 * seconds instead of once per request: several instances then show one list.
 */
export class SessionTracker {
  private pending = new Map<string, SessionRecord>()

  constructor(private readonly storage: Storage) {}

  seen(tokenId: string, request: string, at: Date): void {
    const known = this.pending.get(tokenId)
    this.pending.set(tokenId, {
      tokenId,
      lastSeen: at.toISOString(),
      lastRequest: request,
      requests: (known?.requests ?? 0) + 1,
    })
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return

    const batch = [...this.pending.values()]
    this.pending = new Map()
    await this.storage.recordSessions(batch)
  }

  async active(now: Date) {
    await this.flush()
    const since = new Date(now.getTime() - ACTIVE_MINUTES * 60_000).toISOString()
    const sessions = await this.storage.listSessions(since)
    const tokens = await this.storage.listTokens(sessions.map(session => session.tokenId))
    const byId = new Map(tokens.map(token => [token.id, token]))
    return sessions.flatMap((session) => {
      const token = byId.get(session.tokenId)
      if (!token) return []

      return [{
        tokenId: token.id,
        name: token.name,
        role: token.role,
        tenants: token.tenants,
        lastSeen: session.lastSeen,
        lastRequest: session.lastRequest,
        requests: session.requests,
      }]
    })
  }
}
