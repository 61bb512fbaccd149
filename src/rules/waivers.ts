/**
 * Waivers: `metadata.waivers: [{rule, reason, expires}]` on a document silences one rule's
 * problems on that document until the end of the `expires` day (UTC). An expired waiver no
 * longer silences anything and is itself a problem (OMS-WV-001).
 */

export interface Waiver {
  rule: string
  reason: string
  expires: string
  /** Position in `metadata.waivers`, for pointers. */
  index: number
}

/**
 * The waivers a document declares. Read defensively: the repository-wide rules look at
 * documents before their schema is checked.
 */
export function waiversOf(document: { metadata?: unknown }): Waiver[] {
  const { metadata } = document
  if (typeof metadata !== 'object' || metadata === null) return []

  const list = (metadata as Record<string, unknown>).waivers
  if (!Array.isArray(list)) return []

  const waivers: Waiver[] = []
  list.forEach((item: unknown, index) => {
    if (typeof item !== 'object' || item === null) return

    const { rule, reason, expires } = item as Record<string, unknown>
    if (typeof rule !== 'string' || typeof expires !== 'string') return
    waivers.push({ rule, reason: typeof reason === 'string' ? reason : '', expires, index })
  })
  return waivers
}

/** Dates are YYYY-MM-DD, so they compare as strings. */
export function isExpired(waiver: Pick<Waiver, 'expires'>, today: string): boolean {
  return waiver.expires < today
}

/** Today in UTC, the calendar CI machines agree on. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10)
}

/** The rules a document's waivers silence today (known rules only, not expired). */
export function activeWaiverRules(
  waivers: readonly Waiver[],
  today: string,
  ruleIds: ReadonlySet<string>,
): Set<string> {
  return new Set(waivers
    .filter(waiver => ruleIds.has(waiver.rule) && !isExpired(waiver, today))
    .map(waiver => waiver.rule))
}
