// Property: whatever a valid repository holds, no rule crashes (and every problem has a place).
import fc from 'fast-check'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments, stringify } from 'yaml'

import { validateResource } from '../../src/check/schema.js'
import { KIND_NAMES, KINDS } from '../../src/model/kinds.js'
import { readSchema } from '../../src/model/schema-files.js'
import { INTERNAL_ERROR_RULE } from '../../src/rules/engine.js'
import { RULES } from '../../src/rules/registry.js'
import { validateFiles } from './memory-project.js'

type Json = Record<string, unknown>

const acmeDir = new URL('../../examples/acme/', import.meta.url)

function parseAll(text: string): Json[] {
  return parseAllDocuments(text)
    .flatMap(document => (Array.isArray(document) ? [] : [document.toJS() as Json]))
}

/** Valid documents of every kind: schema examples, the acme example and every rule example. */
const pool: Json[] = [
  ...KIND_NAMES.flatMap(kind => (readSchema(KINDS[kind].schemaFile).examples ?? []) as Json[]),
  ...readdirSync(acmeDir, { recursive: true, encoding: 'utf8' })
    .filter(file => file.endsWith('.yaml') && !file.endsWith('omsctl.yaml') && !file.startsWith('.'))
    .flatMap(file => parseAll(readFileSync(new URL(file, acmeDir), 'utf8'))),
  ...RULES.flatMap(rule => [...parseAll(rule.examples.pass), ...parseAll(rule.examples.fail)]),
].filter(document => validateResource(document).length === 0)

const names = ['platform', 'order-manager', 'finance-approver', 'high-value-orders', 'eu-vat', 'dach', 'sap-erp', 'avalara-tax']
const numbers = [0, 1, 2, 3, 7, 12, 24, 90, 365, 730, 2555, 2560, 500000]
const texts = ['US/Eastern', 'https://2130706433/x', 'http://hooks.acme.example/x', 'DE', 'US-CA', 'JPY', 'de-AT',
  'OMS-CP-001', '2020-01-01', 'standard', 'placed', 'unlimited', 'env:X', 'AKIAIOSFODNN7EXAMPLE']

/** Leaves and containers of a document, with a way to change each. */
function slots(root: unknown): { parent: Json | unknown[], key: string | number }[] {
  const found: { parent: Json | unknown[], key: string | number }[] = []
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return
    for (const [key, child] of Object.entries(node)) {
      found.push({ parent: node as Json, key: Array.isArray(node) ? Number(key) : key })
      walk(child)
    }
  }

  walk(root)
  return found
}

const mutation = fc.record({
  op: fc.constantFrom('number', 'text', 'name', 'drop', 'duplicate', 'swap'),
  at: fc.nat(),
  other: fc.nat(),
  pick: fc.nat(),
})

function mutate(source: Json, changes: readonly Mutation[]): Json {
  const document = structuredClone(source)
  for (const { op, at, other, pick } of changes) {
    const all = slots(document.spec)
    const slot = all[at % Math.max(all.length, 1)]
    if (!slot) continue

    const target = slot.parent as Record<string | number, unknown>
    const value = target[slot.key]
    if (op === 'number' && typeof value === 'number') target[slot.key] = numbers[pick % numbers.length]
    if (op === 'text' && typeof value === 'string') target[slot.key] = texts[pick % texts.length]
    if (op === 'name' && typeof value === 'string') target[slot.key] = names[pick % names.length]
    if (op === 'drop' && !Array.isArray(slot.parent)) delete target[slot.key]
    if (op === 'duplicate' && Array.isArray(value) && value.length > 0) value.push(structuredClone(value[pick % value.length]))
    if (op === 'swap') {
      const second = all[other % all.length]!
      const held = (second.parent as Record<string | number, unknown>)[second.key]
      if (typeof held === typeof value && typeof held !== 'object') {
        target[slot.key] = held
        ;(second.parent as Record<string | number, unknown>)[second.key] = value
      }
    }
  }

  return document
}

interface Mutation { op: string, at: number, other: number, pick: number }

const placed = fc.record({
  base: fc.nat({ max: pool.length - 1 }),
  name: fc.constantFrom(...names),
  layer: fc.constantFrom('global', 'tenants/acme-eu', 'tenants/acme-us'),
  changes: fc.array(mutation, { maxLength: 4 }),
})

const project = `apiVersion: omsctl.dev/v1
kind: Project
metadata:
  name: random
spec:
  layers: [global, 'tenants/{tenant}']
  environments:
    - name: prod
      apiUrl: https://oms.example.com/admin
      tokenEnv: OMSCTL_PROD_TOKEN
  tenants:
    - name: acme-eu
      region: eu
    - name: acme-us
      region: na
`

describe('the rule pack on random valid repositories', () => {
  it('has a pool with every kind', () => {
    expect(new Set(pool.map(document => document.kind))).toEqual(new Set(KIND_NAMES))
  })

  it('never crashes a rule, and places every problem in a file of the repository', async () => {
    const reported = new Set<string>()
    const repositories = fc.array(placed, { minLength: 1, maxLength: 24 })
    await fc.assert(fc.asyncProperty(repositories, async (entries) => {
      const files: Record<string, string> = { 'omsctl.yaml': project }
      for (const [index, entry] of entries.entries()) {
        const document = mutate(pool[entry.base]!, entry.changes)
        ;(document.metadata as Json).name = entry.name
        if (validateResource(document).length > 0) continue

        files[`${entry.layer}/doc-${index}.yaml`] = stringify(document)
      }

      const run = await validateFiles(files)

      const crashes = run.report.problems.filter(problem => problem.rule === INTERNAL_ERROR_RULE)
      expect(crashes).toEqual([])
      for (const problem of run.report.problems) {
        expect(Object.keys(files)).toContain(problem.file)
        expect(problem.line).toBeGreaterThan(0)
        reported.add(problem.rule)
      }
    }), { numRuns: 80 })

    // The repositories are varied enough that many rules had something to say.
    expect([...reported].filter(rule => rule.startsWith('OMS-')).length).toBeGreaterThan(15)
  })
})
