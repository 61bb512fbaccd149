import type { Finding } from '../check/finding.js'
import type { ParsedDocument } from './parse-file.js'

/**
 * Checks a freshly parsed value for what YAML allows but settings must not carry: keys that
 * could reach an object's prototype, merge keys, nesting beyond reason, and aliases that
 * expand into an enormous tree (the "billion laughs" attack).
 */
export interface GuardIssue {
  rule: string
  message: string
  hint?: string
  pointer?: string
}

/** Expanded nodes one document may have; a realistic document has a few hundred. */
export const MAX_NODES = 100_000

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype'])

export function guardValue(root: unknown, maxDepth: number): GuardIssue | undefined {
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    return {
      rule: 'document/not-a-mapping',
      message: `a document must be a mapping with apiVersion, kind, metadata and spec, not ${describe(root)}`,
    }
  }

  let nodes = 0
  const seen = new Set<object>()
  let firstAlias: string | undefined
  // The path is kept as segments and joined only when there is something to report: this
  // walk runs over every value of every document.
  const path: (string | number)[] = []
  const pointer = (): string => path.map(part => `/${escapePointer(String(part))}`).join('')

  const visit = (value: unknown, depth: number): GuardIssue | undefined => {
    if (++nodes > MAX_NODES) {
      return firstAlias === undefined
        ? { rule: 'yaml/too-large', message: `the document has more than ${MAX_NODES} values` }
        : {
            rule: 'yaml/alias-limit',
            message: `aliases expand to more than ${MAX_NODES} values`,
            hint: 'write the values out instead of nesting aliases',
            pointer: firstAlias,
          }
    }

    if (typeof value !== 'object' || value === null) return undefined
    if (depth > maxDepth) {
      return { rule: 'yaml/depth', message: `nesting is deeper than ${maxDepth} levels`, pointer: pointer() }
    }

    if (seen.has(value)) firstAlias ??= pointer()
    else seen.add(value)

    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i)
        const issue = visit(value[i], depth + 1)
        path.pop()
        if (issue) return issue
      }

      return undefined
    }

    for (const key of Object.keys(value)) {
      path.push(key)
      const child = (value as Record<string, unknown>)[key]
      const issue = keyIssue(key, pointer) ?? visit(child, depth + 1)
      path.pop()
      if (issue) return issue
    }

    return undefined
  }

  return visit(root, 1)
}

function keyIssue(key: string, pointer: () => string): GuardIssue | undefined {
  if (forbiddenKeys.has(key)) {
    return { rule: 'yaml/forbidden-key', message: `the key "${key}" is not allowed`, pointer: pointer() }
  }

  if (key === '<<') {
    return {
      rule: 'yaml/merge-key',
      message: 'merge keys (<<) are not supported',
      hint: 'write the fields out; layers in omsctl.yaml share settings between targets',
      pointer: pointer(),
    }
  }

  return undefined
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1')
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return 'a string'
  return `a ${typeof value}`
}

/**
 * Keeps a parsed document that passes the guard, or reports why it may not be used. Empty
 * documents are neither.
 */
export function admitDocument(
  document: ParsedDocument, file: string, maxDepth: number,
  documents: ParsedDocument[], findings: Finding[],
): void {
  const { index, line, value } = document
  if (value === null || value === undefined) return

  const issue = guardValue(value, maxDepth)
  if (!issue) {
    documents.push(document)
    return
  }

  const { pointer = '', ...rest } = issue
  findings.push({ ...rest, severity: 'error', source: { file, index, line }, pointer, at: 'key' })
}
