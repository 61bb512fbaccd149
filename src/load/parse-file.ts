import jsYaml from 'js-yaml'
import { LineCounter, parseAllDocuments } from 'yaml'

import type { Finding } from '../check/finding.js'
import type { Problem } from '../check/problem.js'
import { guardValue } from './guard.js'

export interface ParsedDocument {
  /** Position within the file, from 0, counting empty documents too. */
  index: number
  /** 1-based line where the document's content starts. */
  line: number
  value: unknown
}

export interface ParsedFile {
  documents: ParsedDocument[]
  /** Syntax errors, positioned by the parser. */
  problems: Problem[]
  /** Documents that parsed but must not be used, by pointer. */
  findings: Finding[]
}

/** The deepest nesting a settings document may have; real ones stay under 12. */
export const MAX_DEPTH = 64

/**
 * Parse one file's text into plain values. js-yaml does the common case several times
 * faster than `yaml`; only when it fails does the slower parser run, to report every
 * error of the file with its exact position.
 */
export function parseFile(file: string, text: string): ParsedFile {
  const values: unknown[] = []
  try {
    jsYaml.loadAll(text, value => values.push(value), {
      schema: jsYaml.CORE_SCHEMA,
      filename: file,
      json: false,
    })
  } catch (error) {
    return { documents: [], problems: describeSyntaxErrors(file, text, error), findings: [] }
  }

  const starts = documentStarts(text)
  const documents: ParsedDocument[] = []
  const findings: Finding[] = []
  values.forEach((value, index) => {
    if (value === null || value === undefined) return

    const line = starts[index] ?? 1
    const issue = guardValue(value, MAX_DEPTH)
    if (issue) {
      const { pointer = '', ...rest } = issue
      findings.push({ ...rest, severity: 'error', source: { file, index, line }, pointer, at: 'key' })
      return
    }

    documents.push({ index, line, value })
  })

  return { documents, problems: [], findings }
}

/** YAML forbids `---` at column 0 inside content, so these lines split documents exactly. */
function documentStarts(text: string): number[] {
  const starts: number[] = []
  const lines = text.split('\n')
  let pendingContent = -1
  lines.forEach((line, i) => {
    if (/^---(\s|$)/.test(line)) {
      starts.push(i + 1 + (line.trim() === '---' ? 1 : 0))
      pendingContent = -1
      return
    }

    if (starts.length === 0 && pendingContent < 0 && line.trim() !== '' && !line.startsWith('#')
      && !line.startsWith('%')) {
      pendingContent = i + 1
      starts.push(pendingContent)
    }
  })

  return starts.length > 0 ? starts : [1]
}

const yamlRules: Record<string, string> = {
  DUPLICATE_KEY: 'yaml/duplicate-key',
  TAB_AS_INDENT: 'yaml/tab',
}

function describeSyntaxErrors(file: string, text: string, fastError: unknown): Problem[] {
  const fast = fromFastError(file, fastError)
  if (fast.rule === 'yaml/depth') return [fast]

  const problems: Problem[] = []
  try {
    const lineCounter = new LineCounter()
    const options = { lineCounter, uniqueKeys: true, prettyErrors: false }
    const documents = parseAllDocuments(text, options)
    const list = Array.isArray(documents) ? documents : [documents]
    for (const document of list) {
      for (const error of document.errors) {
        const { line, col } = lineCounter.linePos(error.pos[0])
        problems.push({
          file, line, column: col, severity: 'error',
          rule: yamlRules[error.code] ?? 'yaml/syntax',
          message: firstLine(error.message),
          ...(error.code === 'TAB_AS_INDENT' ? { hint: 'indent with spaces, not tabs' } : {}),
        })
      }
    }
  } catch {
    // Pathological input can exhaust the detailed parser; the fast parser's error stands.
  }

  return problems.length > 0 ? problems : [fast]
}

function fromFastError(file: string, error: unknown): Problem {
  if (error instanceof jsYaml.YAMLException) {
    const reason = error.reason || 'invalid YAML'
    const rule = reason.includes('maxDepth')
      ? 'yaml/depth'
      : reason.includes('duplicated mapping key')
        ? 'yaml/duplicate-key'
        : reason.includes('tab characters')
          ? 'yaml/tab'
          : 'yaml/syntax'
    const mark = error.mark as { line: number, column: number } | undefined
    return {
      file, line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1, rule, severity: 'error',
      message: reason.includes('maxDepth') ? `nesting is deeper than the parser allows` : reason,
    }
  }

  if (error instanceof RangeError) {
    return { file, line: 1, column: 1, rule: 'yaml/depth', severity: 'error', message: 'nesting is too deep' }
  }

  throw error
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '')
}
