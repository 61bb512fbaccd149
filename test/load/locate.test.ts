import { describe, expect, it } from 'vitest'

import { Locator } from '../../src/load/locate.js'

const text = `apiVersion: omsctl.dev/v1
kind: A
metadata:
  name: first
spec:
  zone: Europe/Berln
  list:
    - one
    - two
---
kind: B
spec:
  extra: 1
`

describe('Locator', () => {
  const locator = new Locator(file => (file === 'a.yaml' ? text : undefined))
  const fallback = { line: 99, column: 1 }

  it.each([
    ['/spec/zone', 'value', 0, 6, 9],
    ['/spec/zone', 'key', 0, 6, 3],
    ['/spec/list/1', 'value', 0, 9, 7],
    ['/spec/list', 'value', 0, 7, 3],
    ['/spec/missing', 'value', 0, 5, 1],
    ['/spec/extra', 'key', 1, 13, 3],
    ['', 'value', 1, 11, 1],
  ] as const)('finds %s (%s) in document %i at %i:%i', (pointer, at, index, line, column) => {
    expect(locator.locate('a.yaml', index, pointer, fallback, at)).toEqual({ line, column })
  })

  it('falls back when the file or document is unknown', () => {
    expect(locator.locate('b.yaml', 0, '/spec', fallback)).toEqual(fallback)
    expect(locator.locate('a.yaml', 7, '/spec', fallback)).toEqual(fallback)
  })
})
