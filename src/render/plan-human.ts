import chalk from 'chalk'

import type { Plan, PlannedChange } from '../plan/plan-types.js'
import { type DiffLine, describeSecret, resourceDiff, wholeResourceYaml } from './plan-diff.js'
import { noteLines, summaryLine } from './plan-summary.js'

const symbols = { create: '+', update: '~', delete: '-' } as const
const colours = { create: chalk.green, update: chalk.yellow, delete: chalk.red } as const

/** The plan for a terminal or a CI log: one coloured diff per changed resource. */
export function renderPlan(plan: Plan): string {
  const lines: string[] = [heading(plan), '']

  if (plan.git.dirtyFiles.length > 0) {
    const { dirtyFiles } = plan.git
    const files = dirtyFiles.slice(0, 5).join(', ') + (dirtyFiles.length > 5 ? ', …' : '')
    lines.push(chalk.yellow(`Warning: the plan includes uncommitted changes in ${files}`), '')
  }

  for (const change of plan.changes) lines.push(...renderChange(change), '')

  for (const note of noteLines(plan.notes)) lines.push(chalk.dim(`Note: ${note}`))
  if (plan.changes.length === 0) {
    lines.push(chalk.bold('No changes.') + ' Live matches the desired state.')
  } else {
    lines.push(chalk.bold(`Plan: ${summaryLine(plan.summary)}.`))
  }

  return lines.join('\n')
}

function heading(plan: Plan): string {
  const { commit: id } = plan.git
  const commit = id === null ? 'no git commit' : `commit ${id.slice(0, 12)}`
  const ref = plan.git.ref === null ? 'working tree' : `ref ${plan.git.ref}`
  return chalk.bold(`Plan for ${plan.target.name}`)
    + chalk.dim(` (${ref}, ${commit}, plan ${plan.planId})`)
}

export function renderChange(change: PlannedChange): string[] {
  const colour = colours[change.op]
  const where = change.source ? chalk.dim(`  ${change.source.file}:${change.source.line}`) : ''
  const { liveVersion } = change
  const version = liveVersion === null ? '' : chalk.dim(`  (live version ${liveVersion})`)
  const lines = [colour.bold(`${symbols[change.op]} ${change.op} ${change.id}`) + where + version]

  if (change.op === 'update') {
    for (const line of resourceDiff(change)) lines.push(`    ${colourLine(line)}`)
  } else {
    // a whole resource is one block: one colour call instead of one per line
    const sign = change.op === 'create' ? '+' : '-'
    lines.push(colour(wholeResourceYaml(change).trimEnd().replace(/^/gm, `    ${sign} `)))
  }

  for (const secret of change.secrets) {
    lines.push(chalk.dim(`    ${secret.path}: ${secret.ref} ${describeSecret(secret)}`))
  }

  return lines
}

function colourLine(line: DiffLine): string {
  switch (line.kind) {
    case 'hunk': return chalk.cyan(line.text)
    case 'add': return chalk.green(`+ ${line.text}`)
    case 'remove': return chalk.red(`- ${line.text}`)
    case 'context': return chalk.dim(`  ${line.text}`)
  }
}
