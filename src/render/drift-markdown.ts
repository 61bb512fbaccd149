import type { DriftReport, DriftedResource } from '../drift/drift-types.js'
import { MarkdownBudget, PR_COMMENT_LIMIT, markdownCell } from './markdown-budget.js'
import { show } from './drift-human.js'
import { fileList } from './plan-markdown.js'

/** Drift as an issue or pull-request comment, under the size limit with a note of what was cut. */
export function renderDriftMarkdown(report: DriftReport, limit = PR_COMMENT_LIMIT): string {
  const budget = new MarkdownBudget(limit)
  const commit = report.git.commit === null ? '' : ` at \`${report.git.commit.slice(0, 12)}\``

  budget.add(`### omsctl drift of \`${report.target}\`${commit}\n`)
  if (report.git.dirtyFiles.length > 0) {
    budget.add(`> ⚠️ **Compared with uncommitted changes**: ${fileList(report.git.dirtyFiles)}.\n`)
  }

  budget.add(report.drifted.length === 0
    ? `**No drift**: ${report.summary.inSync} resource(s) match git.\n`
    : `**${report.drifted.length} resource(s) drifted**, ${report.summary.inSync} match git.\n`)
  if (report.unmanaged.length > 0) {
    budget.add(`> ${report.unmanaged.length} live resource(s) are not in git and not managed `
      + 'by omsctl (not drift).\n')
  }

  if (report.drifted.length > 0) {
    budget.add('| resource | field | git | live | changed by |\n|---|---|---|---|---|')
    for (const resource of report.drifted) {
      for (const row of rows(resource)) budget.add(row)
    }
  }

  return budget.finish(omitted => `\n> ✂️ ${omitted} row(s) not shown to stay under the size limit; `
    + 'run `omsctl drift` to see them all.')
}

function rows(resource: DriftedResource): string[] {
  const id = `\`${markdownCell(resource.id)}\``
  if (resource.fields.length === 0) {
    return [`| ${id} | _${resource.state}_ | | | ${who(resource.lastChange)} |`]
  }

  const secrets = new Set(resource.secrets.map(secret => secret.path))
  return resource.fields.map((field) => {
    const [git, live] = secrets.has(field.path)
      ? ['', '(secret changed)']
      : [`\`${markdownCell(show(field.desired))}\``, `\`${markdownCell(show(field.live))}\``]
    const writer = who(field.lastChange ?? resource.lastChange)
    return `| ${id} | \`${markdownCell(field.path)}\` | ${git} | ${live} | ${writer} |`
  })
}

function who(change: DriftedResource['lastChange']): string {
  return change === undefined ? '' : `${markdownCell(change.actor)}, ${change.time}`
}
