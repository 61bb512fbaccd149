import type { ApiClient } from '../api/client.js'
import type { ChangesetResult, VersionConflict } from '../api/live-resource.js'
import { postChangeset } from '../api/tenant-api.js'
import { UserError } from '../errors.js'
import type { Plan } from '../plan/plan-types.js'
import type { SecretEnvironment } from '../secrets/resolve-secret.js'
import { freeLock, lockHolder, takeLock } from './apply-lock.js'
import { buildChangeset, keptUnresolved } from './changeset.js'
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
  /** The commit the audit log records; `+dirty` when the plan had uncommitted changes. */
  gitCommit: string | null
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
      results: [], durationMs: 0, alreadyApplied: false, gitCommit: auditCommit(plan) ?? null,
    }
  }

  // secrets first: a missing one should stop the apply before anything is locked
  options.progress?.step('resolving secret references')
  const changes = buildChangeset(plan.changes, options.secrets)
  const kept = keptUnresolved(plan.changes)
  if (kept > 0) {
    options.progress?.warn(`${kept} secret(s) the plan could not compare keep their live value; `
      + 'to change one, plan where its value is available and apply that plan')
  }

  if (plan.git.dirtyFiles.length > 0) {
    options.progress?.warn(`the plan includes uncommitted changes (${preview(plan.git.dirtyFiles)}); `
      + `the audit log records commit ${auditCommit(plan) ?? '(none)'}`)
  }

  const gitCommit = auditCommit(plan)
  options.progress?.step(`taking the apply lock of ${tenant}`)
  const lock = await takeLock(client, tenant, lockHolder(plan.target.name, plan.desiredDigest))

  try {
    options.progress?.step(`sending ${changes.length} change(s) as one changeset`)
    const outcome = await postChangeset(client, tenant, changes, {
      idempotencyKey: `omsctl-plan-${plan.planId}`,
      context: {
        lockId: lock.lockId,
        planId: plan.planId,
        ...(gitCommit === undefined ? {} : { gitCommit }),
        ...(options.author === undefined ? {} : { author: options.author }),
      },
    })

    if (outcome.status !== 200) throw refusal(outcome, plan, lock.lockId)

    const applied = { ...empty }
    for (const change of plan.changes) applied[change.op]++
    return {
      planId: plan.planId, target: plan.target.name, changesetId: outcome.body.changesetId,
      applied, results: outcome.body.results, durationMs: Date.now() - started,
      alreadyApplied: outcome.replayed, gitCommit: gitCommit ?? null,
    }
  } finally {
    const problem = await freeLock(client, tenant, lock)
    if (problem !== undefined) options.progress?.warn(problem)
  }
}

/**
 * The commit the audit log records. A plan of a working tree with uncommitted changes was
 * not made from HEAD alone: `+dirty` says so, so the log never points at a commit that
 * lacks what was applied.
 */
export function auditCommit(plan: Plan): string | undefined {
  if (plan.git.commit === null) return undefined

  return plan.git.dirtyFiles.length > 0 ? `${plan.git.commit}+dirty` : plan.git.commit
}

/** Why the server refused the changeset; in every case nothing was applied. */
function refusal(
  outcome: { status: 409 | 412 | 422 | 423, body: Record<string, unknown> },
  plan: Plan,
  lockId: string,
): UserError {
  switch (outcome.status) {
    case 412: return staleError((outcome.body.conflicts ?? []) as VersionConflict[])
    case 409: return existsError((outcome.body.conflicts ?? []) as VersionConflict[])
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

function preview(files: readonly string[]): string {
  return files.slice(0, 3).join(', ') + (files.length > 3 ? `, and ${files.length - 3} more` : '')
}
