import type { DocumentSource } from '../load/document.js'
import type { Locator, Position } from '../load/locate.js'
import type { Problem, Severity } from './problem.js'

/**
 * A problem as a check sees it: a document and a JSON pointer into it. Checks never deal in
 * lines; `toProblems` finds positions afterwards, and only for what is reported.
 */
export interface Finding {
  rule: string
  severity: Severity
  message: string
  hint?: string
  source: DocumentSource
  pointer: string
  /** Report the key rather than the value (for example an unknown field). */
  at?: 'key' | 'value'
  /** Known already: checks of a file's raw text find the exact place themselves. */
  position?: Position
  resource?: string
}

export function toProblems(findings: readonly Finding[], locator: Locator): Problem[] {
  return findings.map((finding) => {
    const { source, pointer } = finding
    const fallback = { line: source.line, column: 1 }
    const { file, index } = source
    const { line, column } = finding.position
      ?? locator.locate(file, index, pointer, fallback, finding.at)
    return {
      file: source.file,
      line,
      column,
      rule: finding.rule,
      severity: finding.severity,
      message: finding.message,
      ...(finding.hint === undefined ? {} : { hint: finding.hint }),
      ...(pointer === '' ? {} : { pointer }),
      ...(finding.resource === undefined ? {} : { resource: finding.resource }),
    }
  })
}
