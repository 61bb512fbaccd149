import { type AuditFilter, listAudit, listResources } from '../api/tenant-api.js'
import type { AuditEntry, LiveResource } from '../api/live-resource.js'
import type { DesiredInput } from '../plan/desired-input.js'
import { availableSecrets } from '../secrets/resolve-secret.js'
import { attributeDrift, computeDrift } from './compute-drift.js'
import type { DriftReport } from './drift-types.js'

/**
 * Live against the desired state, then — only when something drifted — bounded reads of
 * the audit log for who changed it: never the whole log.
 */
export async function runDrift(
  input: DesiredInput, options: { includeUnmanaged: boolean, env?: NodeJS.ProcessEnv },
): Promise<DriftReport> {
  const tenant = input.target.tenant.name
  const live = await listResources(input.client, tenant)
  const secrets = availableSecrets({ env: options.env ?? process.env, root: input.root })

  const { includeUnmanaged } = options
  let body = computeDrift({ desired: input.desired, live, secrets, includeUnmanaged })
  if (body.drifted.length > 0) {
    // the reads may overlap (a kind's entries since the oldest update): keep each entry once
    const audit = new Map<number, AuditEntry>()
    for (const filter of auditReads(body.drifted, live)) {
      for (const entry of await listAudit(input.client, tenant, filter)) audit.set(entry.seq, entry)
    }

    body = attributeDrift(body, [...audit.values()])
  }

  return {
    target: input.target.name,
    git: {
      commit: input.revision.commit, ref: input.ref, dirtyFiles: input.revision.dirtyFiles,
    },
    checkedAt: new Date().toISOString(),
    ...body,
  }
}

/**
 * The audit reads that attribute the drift. A resource still live changed last at its
 * `updatedAt`, so one read from the oldest of those covers them all. A resource missing
 * live has no such time; its entries are read by kind (by kind and name when it is the only
 * missing one of its kind), so the reads grow with the kinds involved, not with the log.
 */
export function auditReads(
  drifted: DriftReport['drifted'], live: readonly LiveResource[],
): AuditFilter[] {
  const updated = new Map(live.map(resource =>
    [`${resource.kind}/${resource.metadata.name}`, resource.updatedAt]))
  const reads: AuditFilter[] = []
  let oldest: string | undefined
  const missing = new Map<string, string[]>()

  for (const resource of drifted) {
    const time = updated.get(resource.id)
    if (time === undefined) {
      const names = missing.get(resource.kind) ?? []
      names.push(resource.name)
      missing.set(resource.kind, names)
    } else if (oldest === undefined || time < oldest) {
      oldest = time
    }
  }

  if (oldest !== undefined) reads.push({ since: oldest })
  for (const [kind, names] of missing) {
    reads.push(names.length === 1 && names[0] !== undefined ? { kind, name: names[0] } : { kind })
  }

  return reads
}
