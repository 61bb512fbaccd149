import { listAudit, listResources } from '../api/tenant-api.js'
import type { LiveResource } from '../api/live-resource.js'
import type { DesiredInput } from '../plan/desired-input.js'
import { availableSecrets } from '../secrets/resolve-secret.js'
import { attributeDrift, computeDrift } from './compute-drift.js'
import type { DriftReport } from './drift-types.js'

/**
 * Live against the desired state, then — only when something drifted — one paged read of
 * the audit log for who changed it. When every drifted resource still exists live, the read
 * starts at the oldest of their last updates, which is when the drift began at the latest.
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
    const audit = await listAudit(input.client, tenant, auditStart(body.drifted, live))
    body = attributeDrift(body, audit)
  }

  return {
    target: input.target.name,
    git: { commit: input.revision.commit, ref: input.ref },
    checkedAt: new Date().toISOString(),
    ...body,
  }
}

function auditStart(
  drifted: DriftReport['drifted'], live: readonly LiveResource[],
): string | undefined {
  if (drifted.some(resource => resource.state === 'missing')) return undefined

  const updated = new Map(live.map(resource =>
    [`${resource.kind}/${resource.metadata.name}`, resource.updatedAt]))
  let oldest: string | undefined
  for (const resource of drifted) {
    const time = updated.get(resource.id)
    if (time === undefined) return undefined
    if (oldest === undefined || time < oldest) oldest = time
  }

  return oldest
}
