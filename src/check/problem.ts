/**
 * A problem found in the configuration. Every stage that checks something (loading,
 * schema, semantic rules, layering) reports these; the command alone decides the exit
 * code from them.
 */
export type Severity = 'error' | 'warning'

export interface Problem {
  /** Path relative to the project root, with forward slashes. */
  file: string
  /** 1-based; 0 when the problem concerns the file as a whole. */
  line: number
  /** 1-based; 0 when the problem concerns the file as a whole. */
  column: number
  /** Stable identifier of the check, for example `yaml/duplicate-key` or `schema/enum`. */
  rule: string
  severity: Severity
  message: string
  hint?: string
  /** JSON pointer of the offending value inside its document, when there is one. */
  pointer?: string
  /** Documents this problem concerns, as `Kind/name`. */
  resource?: string
}

export function compareProblems(a: Problem, b: Problem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1
  return a.line - b.line || a.column - b.column
    || order(a.rule, b.rule) || order(a.message, b.message)
}

function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some(problem => problem.severity === 'error')
}
