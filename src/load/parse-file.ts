import jsYaml from 'js-yaml'

import type { Finding } from '../check/finding.js'
import type { Problem } from '../check/problem.js'
import { admitDocument } from './guard.js'
import { mayHaveComplexKey, recoverDocuments } from './recover-documents.js'

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
 * error of the file with its exact position and still check the documents without one.
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
    const fast = fromFastError(file, error)
    if (fast.rule === 'yaml/depth') return { documents: [], problems: [fast], findings: [] }

    return recoverDocuments(file, text, MAX_DEPTH, fast)
  }

  if (mayHaveComplexKey(text)) {
    const detailed = recoverDocuments(file, text, MAX_DEPTH)
    if (detailed.problems.length > 0) return detailed
  }

  const starts = documentStarts(text)
  const documents: ParsedDocument[] = []
  const findings: Finding[] = []
  values.forEach((value, index) => {
    admitDocument({ index, line: starts[index] ?? 1, value }, file, MAX_DEPTH, documents, findings)
  })

  return { documents, problems: [], findings }
}

/**
 * The line each document starts on. YAML forbids `---` at column 0 inside content, so such
 * lines split documents exactly; a file without them (the common case) needs no line split.
 */
function documentStarts(text: string): number[] {
  const starts: number[] = []
  if (!text.startsWith('---') && !text.includes('\n---')) return [firstContentLine(text, 0, 1)]

  let offset = 0
  let line = 1
  while (offset < text.length) {
    const end = text.indexOf('\n', offset)
    const next = end < 0 ? text.length : end + 1
    if (text.startsWith('---', offset) && /^---(\s|$)/.test(text.slice(offset, offset + 4))) {
      const bare = text.slice(offset, end < 0 ? undefined : end).trim() === '---'
      starts.push(bare ? firstContentLine(text, next, line + 1) : line)
    } else if (starts.length === 0 && isContent(text, offset)) {
      starts.push(line)
    }

    offset = next
    line++
  }

  return starts.length > 0 ? starts : [1]
}

/** The first line at or after `offset` that holds something other than blanks and comments. */
function firstContentLine(text: string, offset: number, line: number): number {
  while (offset < text.length && !isContent(text, offset)) {
    const end = text.indexOf('\n', offset)
    if (end < 0) break

    offset = end + 1
    line++
  }

  return line
}

function isContent(text: string, offset: number): boolean {
  const end = text.indexOf('\n', offset)
  const line = text.slice(offset, end < 0 ? undefined : end).trim()
  return line !== '' && !line.startsWith('#') && !line.startsWith('%')
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
