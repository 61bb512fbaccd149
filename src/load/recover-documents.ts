import type { Document, LineCounter, Node, Pair } from 'yaml'

import type { Finding } from '../check/finding.js'
import type { Problem } from '../check/problem.js'
import { admitDocument } from './guard.js'
import type { ParsedDocument, ParsedFile } from './parse-file.js'
import { yamlWithPositions } from './yaml-positions.js'

/** Aliases one document may resolve in this path; the guard bounds the expansion itself. */
const MAX_ALIASES = 1_000

const yamlRules: Record<string, string> = {
  DUPLICATE_KEY: 'yaml/duplicate-key',
  TAB_AS_INDENT: 'yaml/tab',
}

interface Parsed {
  documents: Document.Parsed[]
  lineCounter: LineCounter
}

/**
 * The slow path, taken only for a file the fast parser refused (or one that may hold a
 * complex key): the `yaml` package parses each document on its own, so every error is
 * reported at its position and the documents without one are still checked. `fallback` is
 * the fast parser's error, which stands when this parser finds nothing wrong.
 */
export function recoverDocuments(
  file: string, text: string, maxDepth: number, fallback?: Problem,
): ParsedFile {
  let parsed: Parsed
  try {
    parsed = parseDetailed(text)
  } catch {
    // Pathological input can exhaust the detailed parser; the fast parser's error stands.
    return { documents: [], problems: fallback ? [fallback] : [], findings: [] }
  }

  const problems: Problem[] = []
  const documents: ParsedDocument[] = []
  const findings: Finding[] = []
  parsed.documents.forEach((document, index) => {
    const own = documentProblems(file, document, parsed.lineCounter)
    if (own.length > 0) {
      problems.push(...withoutCascades(own))
      return
    }

    const line = parsed.lineCounter.linePos(document.contents?.range[0] ?? 0).line
    let value: unknown
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIASES })
    } catch (error) {
      problems.push(valueProblem(file, line, error))
      return
    }

    admitDocument({ index, line, value }, file, maxDepth, documents, findings)
  })

  // the parsers disagree: trust the one that refused, and check nothing of the file
  if (problems.length === 0 && fallback) {
    return { documents: [], problems: [fallback], findings: [] }
  }

  return { documents, problems, findings }
}

/**
 * Whether a text may hold a complex key (`? [a, b]` or `{a: 1}: x`). js-yaml accepts those
 * by turning the key into a string, so the fast path asks this cheap question first and
 * confirms with the detailed parser only when the answer is yes.
 */
export function mayHaveComplexKey(text: string): boolean {
  return /(^|[[{,]|- )[ \t]*\?[ \t\n]/m.test(text) || /[\]}][ \t]*:([ \t\n]|$)/.test(text)
}

function parseDetailed(text: string): Parsed {
  const { LineCounter: Counter, parseAllDocuments } = yamlWithPositions()
  const lineCounter = new Counter()
  const options = { lineCounter, uniqueKeys: true, prettyErrors: false }
  const documents = parseAllDocuments(text, options)
  return { documents: Array.isArray(documents) ? documents : [], lineCounter }
}

/** Syntax errors, unknown tags and complex keys of one document, each at its own node. */
function documentProblems(file: string, document: Document.Parsed, lines: LineCounter): Problem[] {
  const at = (offset: number): { line: number, column: number } => {
    const { line, col } = lines.linePos(offset)
    return { line, column: col }
  }

  const problems: Problem[] = document.errors.map(error => ({
    file, ...at(error.pos[0]), severity: 'error' as const,
    rule: yamlRules[error.code] ?? 'yaml/syntax',
    ...(error.code === 'DUPLICATE_KEY'
      ? duplicateKey(document, error.pos[0], lines)
      : { message: firstLine(error.message) }),
    ...(error.code === 'TAB_AS_INDENT' ? { hint: 'indent with spaces, not tabs' } : {}),
  }))

  for (const warning of document.warnings) {
    if (warning.code !== 'TAG_RESOLVE_FAILED') continue

    const tag = /tag: (\S+)/.exec(warning.message)?.[1] ?? 'tag'
    problems.push({
      file, ...at(warning.pos[0]), severity: 'error', rule: 'yaml/unknown-tag',
      message: `unknown tag ${tag}`,
      hint: 'settings are plain YAML: remove the tag (quote the value if it starts with "!")',
    })
  }

  for (const key of complexKeys(document)) {
    problems.push({
      file, ...at(key.range?.[0] ?? 0), severity: 'error', rule: 'yaml/complex-key',
      message: 'a mapping key must be a plain value, not a list or a mapping',
      hint: 'write the key as a string',
    })
  }

  return problems.sort((a, b) => a.line - b.line || a.column - b.column)
}

/** Names the repeated key and where it first appears; YAML alone says only "not unique". */
function duplicateKey(
  document: Document.Parsed, offset: number, lines: LineCounter,
): { message: string, hint: string } {
  const { isMap, isScalar, visit } = yamlWithPositions()
  let found: { key: string, first?: number } | undefined
  visit(document, {
    Map(_key, map) {
      if (!isMap(map)) return undefined

      const pairs = map.items as Pair<Node | null, unknown>[]
      const repeated = pairs.find(pair => pair.key?.range?.[0] === offset)
      if (!repeated || !isScalar(repeated.key)) return undefined

      const name = String(repeated.key.value)
      const first = pairs.find(pair => isScalar(pair.key) && String(pair.key.value) === name)
      found = { key: name, ...(first?.key?.range ? { first: first.key.range[0] } : {}) }
      return visit.BREAK
    },
  })

  if (!found) return { message: 'a key appears twice in one mapping', hint: 'keep one of them' }

  const where = found.first === undefined ? '' : ` (first at line ${lines.linePos(found.first).line})`
  return { message: `duplicate key "${found.key}"${where}`, hint: 'keep one of them' }
}

function complexKeys(document: Document.Parsed): Node[] {
  const { isCollection, visit } = yamlWithPositions()
  const keys: Node[] = []
  visit(document, {
    Pair(_key, pair) {
      if (isCollection(pair.key)) keys.push(pair.key)
    },
  })

  return keys
}

function valueProblem(file: string, line: number, error: unknown): Problem {
  if (error instanceof ReferenceError && /alias/i.test(error.message)) {
    return {
      file, line, column: 1, severity: 'error', rule: 'yaml/alias-limit',
      message: `the document resolves more than ${MAX_ALIASES} aliases`,
      hint: 'write the values out instead of nesting aliases',
    }
  }

  if (error instanceof RangeError) {
    return { file, line, column: 1, severity: 'error', rule: 'yaml/depth', message: 'nesting is too deep' }
  }

  throw error
}

/** After the first error on a line, the parser's further complaints there are echoes of it. */
function withoutCascades(problems: Problem[]): Problem[] {
  const lines = new Set<number>()
  return problems.filter((problem) => {
    if (lines.has(problem.line)) return false

    lines.add(problem.line)
    return true
  })
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '')
}
