import { describe, expect, it } from 'vitest'

import type { RawDocument } from '../../src/load/raw-document.js'
import type { LayerInstance } from '../../src/resolve/layers.js'
import { type Contribution, mergeContributions } from '../../src/resolve/merge.js'

function contribution(folder: string, rank: number, value: Record<string, unknown>): Contribution {
  const instance: LayerInstance = {
    layer: { rank, pattern: folder, placeholders: [], matcher: /^/ },
    folder,
    values: {},
  }
  const document: RawDocument = { source: { file: `${folder}/doc.yaml`, index: 0, line: 1 }, value }
  return { document, instance }
}

const mergeKeys = new Map([['/spec/states', 'name']])

describe('mergeContributions', () => {
  it('merges mappings deeply and replaces lists', () => {
    const base = contribution('global', 0, { kind: 'X', metadata: { name: 'a' }, spec: { a: 1, nested: { b: 2, c: 3 }, list: [1, 2] } })
    const over = contribution('tenants/t', 1, { kind: 'X', metadata: { name: 'a' }, spec: { nested: { c: 4 }, list: [9] } })

    const merged = mergeContributions([base, over], mergeKeys)

    expect(merged.value).toEqual({ kind: 'X', metadata: { name: 'a' }, spec: { a: 1, nested: { b: 2, c: 4 }, list: [9] } })
    expect(base.document.value.spec).toEqual({ a: 1, nested: { b: 2, c: 3 }, list: [1, 2] })
  })

  it('merges a list with a merge key item by item', () => {
    const base = contribution('global', 0, { spec: { states: [{ name: 'new', timeout: 1 }, { name: 'done' }] } })
    const over = contribution('tenants/t', 1, { spec: { states: [{ name: 'done', terminal: true }, { name: 'held' }] } })

    const merged = mergeContributions([base, over], mergeKeys)

    expect(merged.value?.spec).toEqual({
      states: [{ name: 'new', timeout: 1 }, { name: 'done', terminal: true }, { name: 'held' }],
    })
  })

  it('removes a resource by tombstone, and a higher layer may define it again', () => {
    const base = contribution('global', 0, { metadata: { name: 'a' }, spec: { a: 1 } })
    const tombstone = contribution('regions/eu', 1, { metadata: { name: 'a', deleted: true } })
    const again = contribution('tenants/t', 2, { metadata: { name: 'a' }, spec: { b: 2 } })

    expect(mergeContributions([base, tombstone], mergeKeys).value).toBeUndefined()
    expect(mergeContributions([base, tombstone, again], mergeKeys).value).toEqual({ metadata: { name: 'a' }, spec: { b: 2 } })
  })

  it('keeps a locked value and reports the override where it was written', () => {
    const base = contribution('global', 0, { metadata: { name: 'audit', locked: ['spec.retentionDays'] }, spec: { retentionDays: 2555, level: 'full' } })
    const over = contribution('tenants/t', 1, { metadata: { name: 'audit' }, spec: { retentionDays: 365, level: 'minimal' } })

    const merged = mergeContributions([base, over], mergeKeys)

    expect(merged.value?.spec).toEqual({ retentionDays: 2555, level: 'minimal' })
    expect(merged.findings).toHaveLength(1)
    expect(merged.findings[0]).toMatchObject({
      rule: 'layer/locked',
      source: { file: 'tenants/t/doc.yaml' },
      pointer: '/spec/retentionDays',
    })
    expect(merged.findings[0]?.message).toContain('spec.retentionDays is locked by global/doc.yaml:1 (layer global)')
    expect(merged.blocked.get(1)).toEqual(new Set(['/spec/retentionDays']))
  })

  it('allows restating a locked value unchanged', () => {
    const base = contribution('global', 0, { metadata: { name: 'a', locked: ['spec'] }, spec: { x: 1 } })
    const over = contribution('tenants/t', 1, { metadata: { name: 'a' }, spec: { x: 1 } })

    expect(mergeContributions([base, over], mergeKeys).findings).toEqual([])
  })

  it('refuses a tombstone of a locked resource', () => {
    const base = contribution('global', 0, { metadata: { name: 'a', locked: ['spec'] }, spec: { x: 1 } })
    const tombstone = contribution('tenants/t', 1, { metadata: { name: 'a', deleted: true } })

    const merged = mergeContributions([base, tombstone], mergeKeys)

    expect(merged.value).toEqual(base.document.value)
    expect(merged.findings[0]).toMatchObject({ rule: 'layer/locked', pointer: '/metadata/deleted' })
  })
})
