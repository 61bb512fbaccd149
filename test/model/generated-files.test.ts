// Generated sources must match the schemas they come from: types and code lists are
// committed (run `npm run generate`), validators are built (run `npm run validators`).
import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { schemaDigest } from '../../scripts/build-validators.js'
import { generatedFiles } from '../../scripts/generate-types.js'
import { validatorsSchemaDigest } from '../../src/check/schema.js'
import { MERGE_KEYS } from '../../src/model/kinds.generated.js'
import { KIND_NAMES } from '../../src/model/kinds.js'

const root = new URL('../../', import.meta.url)

describe('generated sources', () => {
  it('are fresh: kinds.generated.ts and code-lists.generated.ts (npm run generate)', async () => {
    const expected = await generatedFiles()

    for (const [file, source] of Object.entries(expected)) {
      expect(readFileSync(new URL(file, root), 'utf8'), `${file} is stale`).toBe(source)
    }
  })

  it('are fresh: the precompiled validators (npm run validators)', () => {
    expect(validatorsSchemaDigest).toBe(schemaDigest())
  })

  it('carry the merge keys the schemas declare, for every kind', () => {
    expect(Object.keys(MERGE_KEYS).sort()).toEqual([...KIND_NAMES].sort())
    expect(MERGE_KEYS.OrderLifecycle).toEqual([
      { path: '/spec/states', key: 'name' },
      { path: '/spec/transitions', key: 'name' },
    ])
    expect(MERGE_KEYS.ShippingZone).toEqual([
      { path: '/spec/destinations', key: 'country' },
      { path: '/spec/methods', key: 'name' },
    ])
  })
})
