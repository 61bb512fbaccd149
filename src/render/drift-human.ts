import chalk from 'chalk'

import type { Attribution, DriftReport, DriftedResource } from '../drift/drift-types.js'

const states = {
  'changed': 'changed live',
  'missing': 'in git, missing live',
  'not-in-git': 'managed by omsctl, no longer in git',
  'unmanaged': 'live, not in git, not managed by omsctl',
} as const

/** Drift for a terminal or a CI log: per resource and field, git against live, and who. */
export function renderDrift(report: DriftReport): string {
  const where = report.git.ref === null ? 'working tree' : `ref ${report.git.ref}`
  const commit = report.git.commit === null ? '' : `, commit ${report.git.commit.slice(0, 12)}`
  const title = chalk.bold(`Drift of ${report.target}`) + chalk.dim(` against the ${where}${commit}`)
  const lines = [title, '']
  const { dirtyFiles } = report.git
  if (dirtyFiles.length > 0) {
    const files = dirtyFiles.slice(0, 5).join(', ') + (dirtyFiles.length > 5 ? ', …' : '')
    lines.push(chalk.yellow(`Warning: the compared desired state includes uncommitted changes in ${files}`), '')
  }

  for (const resource of report.drifted) lines.push(...renderResource(resource), '')

  if (report.unmanaged.length > 0) {
    lines.push(chalk.dim(`${report.unmanaged.length} live resource(s) not in git and not `
      + 'managed by '
      + `omsctl (not drift; --include-unmanaged lists them): ${preview(report.unmanaged)}`))
  }

  if (report.summary.unresolvedSecrets > 0) {
    lines.push(chalk.dim(`${report.summary.unresolvedSecrets} secret(s) not compared: values not `
      + 'available here (secret not resolved, cannot compare)'))
  }

  lines.push(report.drifted.length === 0
    ? chalk.green(`No drift: ${report.summary.inSync} resource(s) match git.`)
    : chalk.bold(`Drift: ${report.drifted.length} resource(s) differ from git; `
      + `${report.summary.inSync} match.`))
  return lines.join('\n')
}

function renderResource(resource: DriftedResource): string[] {
  const { source: from } = resource
  const source = from === undefined ? '' : chalk.dim(`  ${from.file}:${from.line}`)
  const state = chalk.dim(` (${states[resource.state]})`)
  const lines = [chalk.yellow.bold(`~ ${resource.id}`) + state + source]
  const last = resource.lastChange
  if (last !== undefined) lines.push(`    last ${describeChange(last)}`)

  const secretPaths = new Set(resource.secrets.map(secret => secret.path))
  for (const field of resource.fields) {
    lines.push(`    ${chalk.bold(field.path)}`)
    if (secretPaths.has(field.path)) {
      lines.push(`      ${chalk.yellow('(secret changed)')}`)
    } else {
      lines.push(`      ${chalk.green('git: ')} ${show(field.desired)}`)
      lines.push(`      ${chalk.red('live:')} ${show(field.live)}`)
    }

    // the field's own writer, when it is not the resource's last one already shown
    if (field.lastChange !== undefined && field.lastChange.seq !== last?.seq) {
      lines.push(`      ${describeChange(field.lastChange)}`)
    }
  }

  return lines
}

export function describeChange(change: Attribution): string {
  const how = change.planId === null ? 'outside omsctl' : `by omsctl plan ${change.planId}`
  const who = chalk.reset.bold(change.actor)
  return chalk.dim(`${change.op} by ${who} at ${change.time} (${how}, audit #${change.seq})`)
}

export function show(value: unknown): string {
  if (value === undefined) return '(absent)'

  const text = JSON.stringify(value)
  return text.length > 120 ? `${text.slice(0, 117)}...` : text
}

function preview(ids: string[]): string {
  const shown = ids.slice(0, 5).join(', ')
  return ids.length > 5 ? `${shown}, and ${ids.length - 5} more` : shown
}
