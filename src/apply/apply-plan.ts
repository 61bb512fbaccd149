import type { ApiClient } from '../api/client.js'
import type { ChangesetResult, VersionConflict } from '../api/live-resource.js'
import { postChangeset } from '../api/tenant-api.js'
import { UserError } from '../errors.js'
import type { Plan } from '../plan/plan-types.js'
import type { SecretEnvironment } from '../secrets/resolve-secret.js'
import { freeLock, lockHolder, takeLock } from './apply-lock.js'
import { buildChangeset } from './changeset.js'
import { existsError, invalidError, reusedKeyError, staleError } from './stale-plan.js'

/** Reports the steps of an apply; a terminal shows them, CI gets the summary only. */
export interface ApplyProgress {
  step(message: string): void
  warn(message: string): void
}

export interface ApplyOptions {
  secrets: SecretEnvironment
  /** Git author of the applied commit, for the audit log. */
  author?: string
  progress?: ApplyProgress
}

export interface ApplyResult {
  planId: string
  target: string
  changesetId: string | null
  applied: { create: number, update: number, delete: number }
  results: ChangesetResult['results']
  durationMs: number
  /** The plan had been applied before (a rerun after a lost answer); nothing was applied twice. */
  alreadyApplied: boolean
}

/**
 * Applies exactly a plan: one atomic changeset, guarded by the versions the plan saw, under
 * the tenant's apply lock. Its idempotency key is derived from the plan id, so a retry of
 * a changeset whose answer was lost (a dropped connection, a server restart) is recognised
 * by the server and nothing is applied twice; rerunning after a failure converges.
 */
export async function applyPlan(
  client: ApiClient, plan: Plan, options: ApplyOptions,
): Promise<ApplyResult> {
  const started = Date.now()
  const tenant = plan.target.tenant
  const empty = { create: 0, update: 0, delete: 0 }
  if (plan.changes.length === 0) {
    return {
      planId: plan.planId, target: plan.target.name, changesetId: null, applied: empty,
      results: [], durationMs: 0, alreadyApplied: false,
    }
  }

  // secrets first: a missing one should stop the apply before anything is locked
  options.progress?.step('resolving secret references')
  const changes = buildChangeset(plan.changes, options.secrets)

  options.progress?.step(`taking the apply lock of ${tenant}`)
  const lock = await takeLock(client, tenant, lockHolder(plan.planId))

  try {
    options.progress?.step(`sending ${changes.length} change(s) as one changeset`)
    const outcome = await postChangeset(client, tenant, changes, {
      idempotencyKey: `omsctl-plan-${plan.planId}`,
      context: {
        lockId: lock.lockId,
        planId: plan.planId,
        ...(plan.git.commit === null ? {} : { gitCommit: plan.git.commit }),
        ...(options.author === undefined ? {} : { author: options.author }),
      },
    })

    if (outcome.status !== 200) throw refusal(outcome, plan, lock.lockId)

    const applied = { ...empty }
    for (const change of plan.changes) applied[change.op]++
    return {
      planId: plan.planId, target: plan.target.name, changesetId: outcome.body.changesetId,
      applied, results: outcome.body.results, durationMs: Date.now() - started,
      alreadyApplied: outcome.replayed,
    }
  } finally {
    const problem = await freeLock(client, tenant, lock)
    if (problem !== undefined) options.progress?.warn(problem)
  }
}

/** Why the server refused the changeset; in every case nothing was applied. */
function refusal(
  outcome: { status: 409 | 412 | 422 | 423, body: Record<string, unknown> },
  plan: Plan,
  lockId: string,
): UserError {
  switch (outcome.status) {
    case 412: return staleError((outcome.body.conflicts ?? []) as VersionConflict[])
    case 409: return existsError(outcome.body)
    case 422: {
      if (outcome.body.error === 'idempotency_key_reuse') return reusedKeyError(plan.planId)
      return invalidError(outcome.body, plan.changes.map(change => change.id))
    }

    case 423: {
      const { message: said } = outcome.body
      const message = typeof said === 'string' ? said : 'the tenant is locked'
      return new UserError(`Nothing was applied: ${message}`, {
        code: 'apply/locked',
        hint: `our lock ${lockId} expired and another apply took the tenant; plan again`,
      })
    }
  }
}
