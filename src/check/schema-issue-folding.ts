/**
 * Folding ajv's errors: a failed anyOf arrives as the errors of each branch plus a summary, a
 * wrong type often also fails the enum or pattern, a literal secret fails several keywords.
 * Each such group becomes one problem.
 */
import type { ErrorObject } from 'ajv'

import { describeValue } from './messages.js'
import type { SchemaIssue } from './schema-issues.js'

/**
 * An issue while it is built. `expected` (what "must be ...") lets anyOf branches combine;
 * `valueType` (of an enum or const) makes a failed type check in the same branch redundant.
 */
export interface Draft extends SchemaIssue {
  expected?: string
  valueType?: string
}

export function isUnder(pointer: string, parent: string): boolean {
  return pointer === parent || pointer.startsWith(`${parent}/`)
}

/**
 * ajv evaluates an anyOf before the other keywords of its schema, so the issues of its
 * branches are the ones just before it that lie at or under its pointer.
 */
export function collapseBranches(issues: Draft[], error: ErrorObject): Draft {
  const pointer = error.instancePath
  const branches: Draft[] = []

  while (issues.length > 0 && isUnder(issues.at(-1)?.pointer ?? '', pointer)) {
    const branch = issues.pop()
    if (branch !== undefined) branches.unshift(branch)
  }

  const rule = `schema/${error.keyword}`
  const required = branches.filter(branch => branch.rule === 'schema/required')

  if (branches.length > 0 && required.length === branches.length) {
    const fields = required.map(branch => branch.message.replace(/^missing required field /, ''))
    return { pointer, rule, message: `needs at least one of the fields ${fields.join(', ')}` }
  }

  // A branch {type: string, const: unlimited} fails twice on a number; "unlimited" says both.
  const valueTypes = new Set(branches.map(branch => branch.valueType))
  const expected = branches
    .filter(branch => branch.rule !== 'schema/type' || !valueTypes.has(branch.expected))
    .map(branch => branch.expected)
  if (branches.length > 0 && expected.every(phrase => phrase !== undefined)) {
    const options = [...new Set(expected)].join(' or ')
    return { pointer, rule, message: `must be ${options}, not ${describeValue(error.data)}` }
  }

  const messages = [...new Set(branches.map(branch => branch.message))]
  return { pointer, rule, message: messages.join('; or ') || 'matches none of the allowed forms' }
}

/** Checks of the value itself, pointless to report when the value has the wrong type. */
const VALUE_RULES = new Set(['schema/enum', 'schema/const', 'schema/pattern', 'schema/format'])

/**
 * Each problem once; nothing else under a pointer that holds a literal secret; a wrong type
 * alone (with the allowed values as its hint) rather than also "not one of the values".
 */
export function dedupe(issues: Draft[], secretPointers: string[]): SchemaIssue[] {
  const wrongType = new Map(issues
    .filter(issue => issue.rule === 'schema/type')
    .map(issue => [issue.pointer, issue]))
  const seen = new Set<string>()
  const result: SchemaIssue[] = []

  for (const issue of issues) {
    const typeIssue = wrongType.get(issue.pointer)
    if (typeIssue !== undefined && VALUE_RULES.has(issue.rule)) typeIssue.hint ??= issue.hint
  }

  for (const { expected: _expected, valueType: _valueType, ...issue } of issues) {
    const hidden = issue.rule !== 'secret/literal'
      && secretPointers.some(pointer => isUnder(issue.pointer, pointer))
    const superseded = wrongType.has(issue.pointer) && VALUE_RULES.has(issue.rule)
    const key = `${issue.pointer}\u0000${issue.rule}\u0000${issue.message}`
    if (hidden || superseded || seen.has(key)) continue

    seen.add(key)
    result.push(issue)
  }

  return result
}
