import type { PlanBody, PlanNotes, PlanSummary } from '../plan/plan-types.js'

/** `3 to create, 2 to update, 1 to delete`, or `No changes`. */
export function summaryLine(summary: PlanSummary): string {
  if (summary.create + summary.update + summary.delete === 0) return 'No changes'

  return `${summary.create} to create, ${summary.update} to update, ${summary.delete} to delete`
}

/** What the plan left alone, and why; one sentence each, so the reader can act on it. */
export function noteLines(notes: PlanNotes): string[] {
  const lines: string[] = []
  if (notes.notPruned.length > 0) {
    lines.push(`${count(notes.notPruned.length, 'managed resource')} live but not in git `
      + `(${preview(notes.notPruned)}): kept; plan with --prune to delete`)
  }

  if (notes.protectedKept.length > 0) {
    lines.push(`${count(notes.protectedKept.length, 'protected resource')} not deleted `
      + `(${preview(notes.protectedKept)}): add --allow-delete-protected to delete`)
  }

  if (notes.unmanaged.length > 0) {
    lines.push(`${count(notes.unmanaged.length, 'live resource')} not managed by omsctl and `
      + `not in git (${preview(notes.unmanaged)}): left alone; `
      + '`omsctl export` brings them into git')
  }

  if (notes.unresolvedSecrets > 0) {
    lines.push(`${count(notes.unresolvedSecrets, 'secret')} could not be compared: the `
      + 'values are not available here, so apply keeps their live values; to change one, '
      + 'plan where its value is available')
  }

  return lines
}

export function hasChanges(plan: PlanBody): boolean {
  return plan.changes.length > 0
}

export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

function preview(ids: string[]): string {
  const shown = ids.slice(0, 3).join(', ')
  return ids.length > 3 ? `${shown}, and ${ids.length - 3} more` : shown
}
