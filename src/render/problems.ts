import chalk from 'chalk'

import type { ValidationReport } from '../check/validate-project.js'
import type { Problem } from '../check/problem.js'

/** `file:line:col  severity  message  rule`, one line each, so terminals link the location. */
export function renderProblems(report: ValidationReport): string {
  const lines = report.problems.map(renderProblem)
  const { files, documents, errors, warnings, waivers, waived } = report.summary
  const counted = `${plural(files, 'file')}, ${plural(documents, 'document')}`
  const waiving = waivers > 0
    ? `; ${plural(waivers, 'active waiver')} silenced ${plural(waived, 'problem')}`
    : ''
  if (report.problems.length === 0) {
    lines.push(`${chalk.green('✔')} valid: ${counted}, no problems${waiving}`)
  } else {
    if (lines.length > 0) lines.push('')
    const mark = errors > 0 ? chalk.red('✖') : chalk.yellow('!')
    const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`
    lines.push(`${mark} ${counts} in ${counted}${waiving}`)
  }

  return lines.join('\n')
}

export function renderProblem(problem: Problem): string {
  const where = problem.line > 0
    ? `${problem.file}:${problem.line}:${problem.column}`
    : problem.file
  const severity = problem.severity === 'error' ? chalk.red('error') : chalk.yellow('warning')
  const first = `${chalk.bold(where)}  ${severity}  ${problem.message}  ${chalk.dim(problem.rule)}`
  return problem.hint ? `${first}\n    ${chalk.dim('hint:')} ${problem.hint}` : first
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
