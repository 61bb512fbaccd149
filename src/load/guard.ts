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
  let aliased = false

  const visit = (value: unknown, pointer: string, depth: number): GuardIssue | undefined => {
    if (++nodes > MAX_NODES) {
      return aliased
        ? { rule: 'yaml/alias-limit', message: `aliases expand to more than ${MAX_NODES} values`, hint: 'write the values out instead of nesting aliases' }
        : { rule: 'yaml/too-large', message: `the document has more than ${MAX_NODES} values` }
    }

    if (typeof value !== 'object' || value === null) return undefined
    if (depth > maxDepth) {
      return { rule: 'yaml/depth', message: `nesting is deeper than ${maxDepth} levels`, pointer }
    }

    if (seen.has(value)) aliased = true
    else seen.add(value)

    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const issue = visit(value[i], `${pointer}/${i}`, depth + 1)
        if (issue) return issue
      }

      return undefined
    }

    for (const key of Object.keys(value)) {
      const child = `${pointer}/${escapePointer(key)}`
      if (forbiddenKeys.has(key)) {
        return { rule: 'yaml/forbidden-key', message: `the key "${key}" is not allowed`, pointer: child }
      }

      if (key === '<<') {
        return {
          rule: 'yaml/merge-key',
          message: 'merge keys (<<) are not supported',
          hint: 'write the fields out; layers in omsctl.yaml share settings between targets',
          pointer: child,
        }
      }

      const issue = visit((value as Record<string, unknown>)[key], child, depth + 1)
      if (issue) return issue
    }

    return undefined
  }

  return visit(root, '', 1)
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1')
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return 'a string'
  return `a ${typeof value}`
}
