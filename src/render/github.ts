import { isAbsolute, join, relative, sep } from 'node:path'

import type { Problem } from '../check/problem.js'

export interface GithubOptions {
  /** Absolute path of the project; file names in problems are relative to it. */
  root: string
  /**
   * The folder annotation paths are resolved against: the runner reads a relative path from
   * the repository root and turns an absolute one into a path from GITHUB_WORKSPACE, so that
   * folder when it is set, else the folder omsctl runs in.
   */
  workspace: string
}

/**
 * GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`): each
 * problem becomes an annotation on the pull request's diff. `@actions/core` writes the same
 * lines but is not a dependency; the escaping here is the runner's grammar: `%`, CR and LF
 * in the message, and also `:` and `,` in property values.
 */
export function renderGithubAnnotations(
  problems: readonly Problem[],
  options: GithubOptions,
): string {
  return problems.map((problem) => {
    const properties = [`file=${escapeProperty(annotationPath(problem.file, options))}`]
    if (problem.line > 0) properties.push(`line=${problem.line}`, `col=${problem.column}`)
    properties.push(`title=${escapeProperty(problem.rule)}`)
    const message = problem.hint ? `${problem.message}\n${problem.hint}` : problem.message
    return `::${problem.severity} ${properties.join(',')}::${escapeData(message)}`
  }).join('\n')
}

/**
 * The file as the workspace sees it, with forward slashes. A project outside the workspace
 * gets its absolute path: no relative one would name the right file.
 */
function annotationPath(file: string, options: GithubOptions): string {
  const absolute = join(options.root, file)
  const path = relative(options.workspace, absolute)
  const outside = path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path)
  return (outside ? absolute : path).split(sep).join('/')
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
