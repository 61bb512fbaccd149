import type { Problem } from '../check/problem.js'

/**
 * GitHub Actions workflow commands: each problem becomes an annotation on the pull request's
 * diff. Escaping follows the runner's rules for data and for properties.
 */
export function renderGithubAnnotations(problems: readonly Problem[]): string {
  return problems.map((problem) => {
    const properties = [`file=${escapeProperty(problem.file)}`]
    if (problem.line > 0) properties.push(`line=${problem.line}`, `col=${problem.column}`)
    properties.push(`title=${escapeProperty(problem.rule)}`)
    const message = problem.hint ? `${problem.message}\n${problem.hint}` : problem.message
    return `::${problem.severity} ${properties.join(',')}::${escapeData(message)}`
  }).join('\n')
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
