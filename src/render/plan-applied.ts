import chalk from 'chalk'

import type { ApplyResult } from '../apply/apply-plan.js'

/** The one line an apply leaves in a CI log (and the last line on a terminal). */
export function renderApplyResult(result: ApplyResult): string {
  if (result.changesetId === null) {
    return 'No changes. Live matches the desired state; nothing to apply.'
  }

  const { applied } = result
  const counts = `${applied.create} created, ${applied.update} updated, ${applied.delete} deleted`
  if (result.alreadyApplied) {
    return chalk.green(`Plan ${result.planId} was already applied to ${result.target} `
      + `(changeset ${result.changesetId}: ${counts}); nothing was applied twice.`)
  }

  const seconds = (result.durationMs / 1000).toFixed(1)
  return chalk.green(`Applied plan ${result.planId} to ${result.target}: ${counts} in ${seconds} s `
    + `(changeset ${result.changesetId}).`)
}
