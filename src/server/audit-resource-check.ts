import type { ChainProblem } from './audit-verify.js'
import { bodyDigest } from './live-resource.js'
import type { AuditRecord, ScanKey, Storage } from './storage/storage.js'

const BATCH = 5000

interface LastEntry {
  seq: number
  afterDigest: string | null
}

/**
 * What the audit log says every resource should be now: the after digest of the newest
 * entry about it. Fed the chain in order, it then compares that with the stored resources.
 *
 * The chain head's MAC catches a head pointed back at an earlier entry, but not a head row
 * copied from an older snapshot of the database. This check catches that too whenever a
 * removed entry changed a resource that is still there; it also reports resources changed
 * outside the API. One pass over the resources, one digest each.
 */
export class ResourceAuditCheck {
  private readonly last = new Map<string, LastEntry>()

  see(entry: AuditRecord): void {
    this.last.set(mapKey(entry), { seq: entry.seq, afterDigest: entry.afterDigest })
  }

  async compare(storage: Storage): Promise<{ checked: number, problems: ChainProblem[] }> {
    const problems: ChainProblem[] = []
    let checked = 0
    let after: ScanKey | undefined

    for (;;) {
      const batch = await storage.scanResources(after, BATCH)
      for (const resource of batch) {
        const problem = this.compareOne(resource, bodyDigest(resource.body))
        if (problem) problems.push(problem)
        checked++
      }

      after = batch.at(-1)
      if (batch.length < BATCH) break
    }

    for (const [key, entry] of this.last) {
      if (entry.afterDigest === null) continue

      problems.push({
        seq: entry.seq,
        problem: `the last entry for ${describe(key)}, but the resource is missing: deleted `
          + 'outside the API, or the entries after this one were removed',
      })
    }

    return { checked, problems }
  }

  /** Compares one stored resource and forgets it, so that what is left was not found. */
  private compareOne(resource: ScanKey, digest: string): ChainProblem | undefined {
    const key = mapKey(resource)
    const entry = this.last.get(key)
    this.last.delete(key)

    if (!entry) {
      return {
        seq: 0,
        problem: `${describe(key)} has no audit entry: written outside the API, or the `
          + 'entries that wrote it were removed',
      }
    }

    if (entry.afterDigest === null) {
      return {
        seq: entry.seq,
        problem: `the last entry for ${describe(key)} deletes it, but the resource exists: `
          + 'written outside the API, or the entries after this one were removed',
      }
    }

    if (entry.afterDigest === digest) return undefined

    return {
      seq: entry.seq,
      problem: `the last entry for ${describe(key)}, but the resource differs from what it `
        + 'recorded: changed outside the API, or the entries after this one were removed',
    }
  }
}

function mapKey(key: ScanKey): string {
  return JSON.stringify([key.tenant, key.kind, key.name])
}

function describe(key: string): string {
  const [tenant, kind, name] = JSON.parse(key) as [string, string, string]
  return `${kind}/${name} of tenant ${tenant}`
}
