import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { canonicalJson } from '../../src/server/canonical-json.js'
import { changedPaths, topLevelPaths } from '../../src/server/field-changes.js'

/** The replacer-based serialiser canonicalJson replaced: the reference it must match. */
function sortedByReplacer(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item

    const record = item as Record<string, unknown>
    return Object.fromEntries(Object.keys(record).sort().map(key => [key, record[key]]))
  })
}

describe('audit change lists without a full diff', () => {
  it('topLevelPaths is what changedPaths gives against nothing, both ways', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
      const parsed = JSON.parse(JSON.stringify(value)) as unknown

      expect(topLevelPaths(parsed)).toEqual(changedPaths({}, parsed))
      expect(topLevelPaths(parsed)).toEqual(changedPaths(parsed, {}))
    }))
  })

  it('canonicalJson writes what sorting every object by a replacer writes', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      expect(canonicalJson(value)).toBe(sortedByReplacer(value))
    }))
  })

  it('canonicalJson leaves its input untouched', () => {
    const input = { spec: { b: [{ y: 1, x: 2 }], a: 1 }, kind: 'Role' }
    const copy = structuredClone(input)

    expect(canonicalJson(input)).toBe('{"kind":"Role","spec":{"a":1,"b":[{"x":2,"y":1}]}}')
    expect(input).toEqual(copy)
    expect(Object.keys(input.spec)).toEqual(['b', 'a'])
  })
})
