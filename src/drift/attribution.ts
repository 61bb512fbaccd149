import type { AuditEntry } from '../api/live-resource.js'
import type { Attribution } from './drift-types.js'

export interface ResourceHistory {
  latest: Attribution | undefined
  /** The last entry that changed this field, a field inside it, or a field containing it. */
  forPointer(pointer: string): Attribution | undefined
}

/**
 * The last changes of each wanted resource, from audit entries in any order. One pass over
 * the log; per resource only its own entries are kept.
 */
export function lastChanges(
  audit: readonly AuditEntry[], wanted: ReadonlySet<string>,
): Map<string, ResourceHistory> {
  const byResource = new Map<string, AuditEntry[]>()
  for (const entry of audit) {
    const id = `${entry.kind}/${entry.name}`
    if (!wanted.has(id)) continue

    const list = byResource.get(id)
    if (list) list.push(entry)
    else byResource.set(id, [entry])
  }

  const result = new Map<string, ResourceHistory>()
  for (const [id, entries] of byResource) {
    entries.sort((a, b) => b.seq - a.seq)
    const newest = entries[0]
    result.set(id, {
      latest: newest === undefined ? undefined : attribution(newest),
      forPointer: (pointer) => {
        const entry = entries.find(candidate => touches(candidate, pointer))
        return entry === undefined ? undefined : attribution(entry)
      },
    })
  }

  return result
}

/** A create or delete touches every field; otherwise the entry lists the changed paths. */
function touches(entry: AuditEntry, pointer: string): boolean {
  if (entry.op === 'create' || entry.op === 'delete') return true

  return (entry.change ?? []).some(changed =>
    changed === pointer || pointer.startsWith(`${changed}/`) || changed.startsWith(`${pointer}/`))
}

function attribution(entry: AuditEntry): Attribution {
  return {
    actor: entry.actor,
    time: entry.time,
    seq: entry.seq,
    op: entry.op,
    planId: entry.planId ?? null,
    gitCommit: entry.gitCommit ?? null,
    author: entry.author ?? null,
  }
}
