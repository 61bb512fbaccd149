import type { Plan, PlannedChange } from '../plan/plan-types.js'
import { MarkdownBudget, PR_COMMENT_LIMIT, markdownCell } from './markdown-budget.js'
import { describeSecret, resourceDiff } from './plan-diff.js'
import { noteLines, summaryLine } from './plan-summary.js'

const symbols = { create: '➕', update: '✏️', delete: '➖' } as const

/**
 * The plan as a pull-request comment: a summary, a table of changes and the first diffs,
 * always under 60,000 characters, with a note of what was cut.
 */
export function renderPlanMarkdown(plan: Plan, limit = PR_COMMENT_LIMIT): string {
  const budget = new MarkdownBudget(limit)
  const commit = plan.git.commit === null ? 'no commit' : `\`${plan.git.commit.slice(0, 12)}\``

  budget.add(`### omsctl plan for \`${plan.target.name}\`\n`)
  budget.add(`**${summaryLine(plan.summary)}** · ${commit} · plan \`${plan.planId}\`\n`)
  const { dirtyFiles } = plan.git
  if (dirtyFiles.length > 0) {
    budget.add(`> ⚠️ **Uncommitted changes are part of this plan**: ${fileList(dirtyFiles)}. `
      + 'The commit above does not hold them.\n')
  }

  for (const note of noteLines(plan.notes)) budget.add(`> ${markdownCell(note)}`)

  if (plan.changes.length > 0) {
    budget.add('\n| | resource | fields |\n|---|---|---|')
    const table = new MarkdownBudget(Math.floor(limit / 3), 0)
    for (const change of plan.changes) table.add(tableRow(change))
    budget.add(table.finish(omitted => `| | … ${omitted} more | |`))
    budget.add('')
  }

  let shown = 0
  for (const change of plan.changes) {
    if (!budget.add(diffSection(change))) continue
    shown++
  }

  return budget.finish(() => `\n> ✂️ ${plan.changes.length - shown} of ${plan.changes.length} `
    + 'diffs are not shown to keep this comment under the size limit; run `omsctl plan` '
    + 'to see them all.')
}

function tableRow(change: PlannedChange): string {
  const fields = change.op === 'update'
    ? change.fields.map(field => `\`${markdownCell(field.path)}\``).join(', ')
    : change.op
  return `| ${symbols[change.op]} | \`${markdownCell(change.id)}\` | ${fields} |`
}

function diffSection(change: PlannedChange): string {
  const diff = resourceDiff(change).map((line) => {
    switch (line.kind) {
      case 'hunk': return line.text
      case 'add': return `+ ${line.text}`
      case 'remove': return `- ${line.text}`
      case 'context': return `  ${line.text}`
    }
  })
  const secrets = change.secrets.map(secret =>
    `- \`${markdownCell(secret.path)}\`: ${describeSecret(secret)}`)
  const fence = diff.some(line => line.includes('```')) ? '~~~~' : '```'

  return [
    `<details><summary>${symbols[change.op]} ${change.op} <code>${escapeHtml(change.id)}</code>`
    + '</summary>\n',
    `${fence}diff`, ...diff, fence,
    ...secrets,
    '</details>',
  ].join('\n')
}

export function fileList(files: readonly string[]): string {
  const shown = files.slice(0, 5).map(file => `\`${markdownCell(file)}\``).join(', ')
  return files.length > 5 ? `${shown} and ${files.length - 5} more` : shown
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
