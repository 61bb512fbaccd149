import type { VersionConflict } from '../api/live-resource.js'
import { UserError } from '../errors.js'

/** Refusals that leave live untouched; each tells the user to plan again. */
export function staleError(conflicts: readonly VersionConflict[]): UserError {
  const lines = conflicts.map((conflict) => {
    const { currentVersion, expectedVersion } = conflict
    const now = currentVersion === null ? 'it no longer exists' : `live is now version ${currentVersion}`
    const was = expectedVersion === null ? 'planned as new' : `planned against version ${expectedVersion}`
    return `  ${conflict.kind}/${conflict.name}: ${was}, ${now}`
  })

  return new UserError(
    `Nothing was applied: ${conflicts.length} resource(s) changed live since the plan:\n`
    + lines.join('\n'),
    {
      code: 'apply/stale-plan',
      hint: 'run `omsctl plan` again, review it, and apply the new plan',
    },
  )
}

/** 409: resources the plan creates were created by someone else since; name each. */
export function existsError(conflicts: readonly VersionConflict[]): UserError {
  const lines = conflicts.slice(0, 20).map((conflict) => {
    const now = conflict.currentVersion === null ? '' : `, live is now version ${conflict.currentVersion}`
    return `  ${conflict.kind}/${conflict.name}: planned as new${now}`
  })
  const more = conflicts.length > 20 ? `\n  … and ${conflicts.length - 20} more` : ''
  const subject = conflicts.length === 0
    ? 'a resource the plan creates already exists live'
    : `${conflicts.length} resource(s) the plan creates already exist live:\n${lines.join('\n')}${more}`

  return new UserError(`Nothing was applied: ${subject}`, {
    code: 'apply/stale-plan',
    hint: 'someone created them since the plan; run `omsctl plan` again, review it, '
      + 'and apply the new plan',
  })
}

export function reusedKeyError(planId: string): UserError {
  return new UserError(`Nothing was applied: plan ${planId} was already sent with other content`, {
    code: 'apply/plan-reused',
    hint: 'a secret value probably changed since the first attempt; run `omsctl plan` again',
  })
}

/** 422 problems point into the changeset (`/changes/3/resource/spec/x`); name the resource. */
export function invalidError(
  body: Record<string, unknown>, ids: readonly string[],
): UserError {
  const problems = Array.isArray(body.problems)
    ? body.problems as { pointer?: unknown, message?: unknown }[]
    : []
  const lines = problems.slice(0, 20).map((problem) => {
    const pointer = typeof problem.pointer === 'string' ? problem.pointer : ''
    const match = /^\/changes\/(\d+)(\/resource)?(.*)$/.exec(pointer)
    const id = match ? ids[Number(match[1])] ?? pointer : pointer
    return `  ${id} ${match?.[3] ?? ''}: ${String(problem.message)}`
  })
  const more = problems.length > 20 ? `\n  … and ${problems.length - 20} more` : ''
  const message = typeof body.message === 'string'
    ? body.message
    : 'the server rejected the changeset'

  return new UserError(`Nothing was applied: ${message}\n${lines.join('\n')}${more}`, {
    code: 'apply/rejected',
    hint: 'the server validates with its own schemas; '
      + 'run `omsctl validate` and compare the versions',
  })
}
